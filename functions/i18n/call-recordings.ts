/** v-rec's screens (the recordings table, details, notes, actions) in every language; spread into the core dictionaries. */
export const callRecordingsText = {
  en: {
    'vrec.nav': 'Recordings',
  },
  'pt-BR': {
    'vrec.nav': 'Gravações',
  },
  es: {
    'vrec.nav': 'Grabaciones',
  },
} as const;
