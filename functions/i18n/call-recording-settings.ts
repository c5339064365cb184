/** v-rec's settings page (rules, retention, e-mail template) and gadgets in every language; spread into the core dictionaries. */
export const callRecordingSettingsText = {
  en: {
    'vrec.settingsTitle': 'Recording settings',
  },
  'pt-BR': {
    'vrec.settingsTitle': 'Configurações de gravação',
  },
  es: {
    'vrec.settingsTitle': 'Configuración de grabación',
  },
} as const;
