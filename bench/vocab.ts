/**
 * Deterministic, realistic-looking content for the seed. The search words the scenarios use
 * have known selectivity: SELECTIVE_WORD in 1 row of 2000, EXPORT_WORD in exactly every 10th row,
 * COMMON_WORD in about a quarter of the rows (entity "group" plus its summaries).
 */

/** Mulberry32: small, fast and reproducible, so two runs seed the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

export const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Eduarda', 'Felipe', 'Gabriela', 'Heitor', 'Isabela', 'João', 'Karina', 'Lucas', 'Mariana',
  'Nicolás', 'Olívia', 'Paulo', 'Quitéria', 'Rafael', 'Sofía', 'Tiago', 'Úrsula', 'Vinícius', 'Wanda', 'Xavier', 'Yara', 'Zé',
  'Maria', 'José', 'Antônio', 'Francisca', 'Carlos', 'Juliana', 'Pedro', 'Camila', 'Miguel', 'Letícia', 'Emily', 'James', 'Sarah', 'David',
] as const;

export const LAST_NAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins',
  'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira',
  'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'García', 'Martínez',
  'López', 'Smith', 'Johnson',
] as const;

export const GROUP_NAMES = [
  'Vendas Norte', 'Vendas Sul', 'Suporte N1', 'Suporte N2', 'Financeiro', 'Cobrança', 'Recepção', 'Diretoria', 'Logística',
  'Compras', 'Atendimento VIP', 'Televendas', 'RH', 'Jurídico', 'Marketing', 'TI Infraestrutura', 'Plantão', 'Ouvidoria',
] as const;

export const SITE_NAMES = ['Matriz São Paulo', 'Filial Recife', 'Filial Curitiba', 'Escritório Lisboa', 'Oficina Madrid'] as const;
export const TOKEN_NAMES = ['CRM integration', 'Helpdesk bridge', 'BI export', 'Call recorder sync'] as const;
export const PROFILE_NAMES = ['Atendentes', 'Supervisores', 'Financeiro', 'Somente leitura'] as const;

export const SELECTIVE_WORD = 'firmware';
export const EXPORT_WORD = 'quarterly';
export const COMMON_WORD = 'group';
/** A first name; also appears in summaries naming users. */
export const MEDIUM_WORD = 'mariana';

export const fullName = (rand: () => number): string => `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`;

export function emailOf(name: string, n: number): string {
  const local = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, '.');
  return `${local}.${n}@example.com`;
}
