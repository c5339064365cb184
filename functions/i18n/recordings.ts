/** The recordings maintenance screens' texts (export and delete by period), shared by v-conference and v-rec; spread into the core dictionaries. */
export const recordingsText = {
  en: {
    'recordings.maintenance': 'Maintenance',
  },
  'pt-BR': {
    'recordings.maintenance': 'Manutenção',
  },
  es: {
    'recordings.maintenance': 'Mantenimiento',
  },
} as const;
