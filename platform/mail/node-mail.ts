/**
 * Node's mail transports: SMTP (nodemailer) for on-site servers, and the local outbox folder that
 * receives every message when an organization has no mail settings (the embedded default).
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import nodemailer from 'nodemailer';
import { MailSendError, type MailTransport, type MailTransports, type OutgoingMail, type SmtpSettings } from '../../functions/services/mail/mail-transport.js';

/** nodemailer's message from ours; the Message-ID carries Ramal's id so a resend is recognisable. */
function toNodemailer(mail: OutgoingMail) {
  return {
    messageId: `<${mail.id}@ramal.mail>`,
    from: mail.from, to: mail.to, cc: mail.cc.length ? mail.cc : undefined, replyTo: mail.replyTo,
    subject: mail.subject, text: mail.text, html: mail.html,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
  };
}

/**
 * A 5xx reply is permanent (unknown mailbox, refused relay); a 4xx one (greylisting, a full queue)
 * passes later, even when nodemailer files it under a permanent-looking code such as EENVELOPE.
 * Without a reply, a refused login, a TLS mismatch or a bad configuration will not fix itself;
 * sockets and timeouts might.
 */
function smtpError(err: unknown): MailSendError {
  const e = err as { message?: string; responseCode?: number; code?: string };
  const code = e.responseCode;
  const permanent = code !== undefined ? code >= 500 : ['EAUTH', 'EENVELOPE', 'ETLS', 'ECONFIG', 'EMESSAGE'].includes(e.code ?? '');
  return new MailSendError(`SMTP: ${e.message ?? String(err)}`, permanent ? 'PERMANENT' : 'TEMPORARY');
}

export function smtpTransport(settings: SmtpSettings): MailTransport {
  const transport = nodemailer.createTransport({
    host: settings.host, port: settings.port,
    secure: settings.security === 'tls', requireTLS: settings.security === 'starttls', ignoreTLS: settings.security === 'none',
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        return { providerMessageId: typeof info.messageId === 'string' ? info.messageId : null };
      } catch (err) {
        throw smtpError(err);
      } finally {
        transport.close();
      }
    },
  };
}

/** Writes each message as a .eml file, fsynced and renamed into place so a reader never sees half. */
export function outboxFolderTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await composer.sendMail(toNodemailer(mail));
      const raw = info.message as Buffer;
      await mkdir(dir, { recursive: true });
      // Named by the message's id: a job re-run after a crash replaces the file instead of adding one.
      const name = `${mail.id}.eml`;
      const partial = join(dir, `.${name}.part`);
      const file = await open(partial, 'w', 0o600);
      try {
        await file.writeFile(raw);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partial, join(dir, name));
      return { providerMessageId: `<${mail.id}@ramal.mail>`, outboxFile: name };
    },
  };
}

export function nodeMailTransports(outboxDir: string): MailTransports {
  return {
    smtp: smtpTransport,
    outbox: outboxFolderTransport(outboxDir),
    readOutboxFile: async (name) => {
      // Only plain names from our own rows: never a path out of the folder.
      if (basename(name) !== name || !name.endsWith('.eml')) return null;
      try {
        return new Uint8Array(await readFile(join(outboxDir, name)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}
