import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { ApiError, validationError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { allowedGadgets, isGadgetId, layoutFor, loadGadgetData, saveLayout, savedLayout, type GadgetId } from '../../services/dashboard/gadgets.js';
import { DashboardPage, GadgetBody, GadgetsTabPage } from '../../views/pages/dashboard-page.js';
import { pageContext } from './page-context.js';
import { checkForm, formBody } from './read-form.js';
import { safeNext } from './safe-next.js';

const LayoutChange = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['add', 'remove', 'up', 'down']), gadget: z.string().refine(isGadgetId, 'err.unknownGadget') }),
  z.object({ action: z.literal('order'), order: z.array(z.string().refine(isGadgetId, 'err.unknownGadget')).max(50) }),
]);

/** Applies one change to a layout; gadgets the user may not see are never kept. */
function changeLayout(layout: GadgetId[], change: z.infer<typeof LayoutChange>, allowed: GadgetId[]): GadgetId[] {
  if (change.action === 'order') return [...new Set(change.order)].filter((id): id is GadgetId => allowed.includes(id as GadgetId));
  const id = change.gadget as GadgetId;
  const at = layout.indexOf(id);
  const next = [...layout];
  if (change.action === 'add' && at < 0 && allowed.includes(id)) next.push(id);
  if (change.action === 'remove' && at >= 0) next.splice(at, 1);
  const swap = change.action === 'up' ? at - 1 : change.action === 'down' ? at + 1 : -1;
  if (at >= 0 && swap >= 0 && swap < next.length) [next[at], next[swap]] = [next[swap]!, next[at]!];
  return next;
}

export const dashboardPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { scope, user } = auth(c);
    const layout = layoutFor(await savedLayout(c.var.deps, user!.id), scope);
    const data = await loadGadgetData(c.var.deps, scope, layout);
    return c.html(<DashboardPage v={await pageContext(c)} layout={layout} data={data} />);
  })
  .get('/dashboard/gadgets', async (c) => {
    const { scope, user } = auth(c);
    const layout = layoutFor(await savedLayout(c.var.deps, user!.id), scope);
    return c.html(<GadgetsTabPage v={await pageContext(c)} layout={layout} allowed={allowedGadgets(scope)} />);
  })
  .get('/dashboard/gadgets/:id', async (c) => {
    const id = c.req.param('id');
    const { scope } = auth(c);
    if (!isGadgetId(id) || !allowedGadgets(scope).includes(id)) throw new ApiError('NOT_FOUND', 'no such gadget');
    c.header('cache-control', 'no-store');
    return c.html(<GadgetBody v={await pageContext(c)} id={id} data={await loadGadgetData(c.var.deps, scope, [id])} />);
  })
  .post('/dashboard/layout', async (c) => {
    const { scope, user } = auth(c);
    const form = await formBody(c, ['order']);
    const checked = checkForm(c, LayoutChange, form);
    if (!checked.ok) throw validationError(checked.fields);
    const layout = layoutFor(await savedLayout(c.var.deps, user!.id), scope);
    await saveLayout(c.var.deps, user!.id, changeLayout(layout, checked.data, allowedGadgets(scope)));
    if (c.req.header('x-requested-with') === 'fetch') return c.body(null, 204);
    return c.redirect(safeNext(form.next), 303);
  });
