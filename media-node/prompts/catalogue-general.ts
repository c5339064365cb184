/**
 * Sentences for voicemail, conference and generic menus. Each row: en, pt-BR, es, fr, it, de, ja.
 * Japanese is written in kana because espeak-ng reads no kanji (and the particles は/へ as わ/え).
 */
import { put, type PromptTexts } from './catalogue-numbers.js';

type Row = [en: string, ptBR: string, es: string, fr: string, it: string, de: string, ja: string];

const ROWS: Record<string, Row> = {
  welcome: ['Welcome.', 'Bem-vindo.', 'Bienvenido.', 'Bienvenue.', 'Benvenuto.', 'Willkommen.', 'ようこそ。'],
  goodbye: ['Goodbye.', 'Até logo.', 'Adiós.', 'Au revoir.', 'Arrivederci.', 'Auf Wiederhören.', 'さようなら。'],
  'thank-you': ['Thank you.', 'Obrigado.', 'Gracias.', 'Merci.', 'Grazie.', 'Danke.', 'ありがとうございました。'],
  'enter-mailbox': ['Please enter your mailbox number, followed by the pound key.', 'Digite o número da sua caixa postal, seguido de sustenido.', 'Marque el número de su buzón, seguido de la tecla numeral.', 'Composez le numéro de votre messagerie, suivi de la touche dièse.', 'Digiti il numero della sua casella vocale, seguito dal tasto cancelletto.', 'Bitte geben Sie Ihre Mailboxnummer ein, gefolgt von der Rautetaste.', 'ぼっくすばんごうを にゅうりょくして、さいごに しゃーぷを おしてください。'],
  'enter-pin': ['Please enter your password, followed by the pound key.', 'Digite a sua senha, seguida de sustenido.', 'Marque su contraseña, seguida de la tecla numeral.', 'Composez votre code secret, suivi de la touche dièse.', 'Digiti il suo codice segreto, seguito dal tasto cancelletto.', 'Bitte geben Sie Ihre PIN ein, gefolgt von der Rautetaste.', 'あんしょうばんごうを にゅうりょくして、さいごに しゃーぷを おしてください。'],
  'invalid-pin': ['That password is not correct.', 'Senha incorreta.', 'La contraseña no es correcta.', 'Ce code secret est incorrect.', 'Il codice segreto non è corretto.', 'Die PIN ist nicht korrekt.', 'あんしょうばんごうが ちがいます。'],
  'invalid-mailbox': ['That mailbox does not exist.', 'Essa caixa postal não existe.', 'Ese buzón no existe.', "Cette messagerie n'existe pas.", 'Questa casella vocale non esiste.', 'Diese Mailbox existiert nicht.', 'その ぼっくすわ ありません。'],
  'invalid-option': ['That option is not valid.', 'Opção inválida.', 'Opción no válida.', "Ce choix n'est pas valide.", 'Scelta non valida.', 'Diese Auswahl ist ungültig.', 'その ばんごうわ むこうです。'],
  'try-again': ['Please try again.', 'Tente novamente.', 'Inténtelo de nuevo.', 'Veuillez réessayer.', 'Riprovi, per favore.', 'Bitte versuchen Sie es noch einmal.', 'もういちど おねがいします。'],
  'too-many-attempts': ['Too many attempts.', 'Tentativas demais.', 'Demasiados intentos.', 'Trop de tentatives.', 'Troppi tentativi.', 'Zu viele Versuche.', 'かいすうが おおすぎます。'],
  'extension-not-available': ['The extension you called is not available.', 'O ramal chamado não está disponível.', 'La extensión a la que llamó no está disponible.', "Le poste demandé n'est pas disponible.", "L'interno chiamato non è disponibile.", 'Die gewählte Nebenstelle ist nicht erreichbar.', 'おかけになった ないせんわ ただいま でられません。'],
  'leave-message': ['Please leave a message after the tone. When you are done, hang up or press the pound key.', 'Deixe a sua mensagem após o sinal. Ao terminar, desligue ou tecle sustenido.', 'Deje su mensaje después del tono. Al terminar, cuelgue o pulse la tecla numeral.', 'Laissez votre message après le bip. Pour terminer, raccrochez ou appuyez sur dièse.', 'Lasci un messaggio dopo il segnale. Al termine riagganci o prema cancelletto.', 'Bitte sprechen Sie nach dem Signalton. Legen Sie danach auf oder drücken Sie die Rautetaste.', 'はっしんおんの あとに めっせーじを どうぞ。 おわったら でんわを きるか、 しゃーぷを おしてください。'],
  'beep-record-after-tone': ['Record after the tone. Press the pound key when you are done.', 'Grave após o sinal. Tecle sustenido ao terminar.', 'Grabe después del tono. Pulse la tecla numeral al terminar.', 'Enregistrez après le bip. Appuyez sur dièse pour terminer.', 'Registri dopo il segnale. Prema cancelletto al termine.', 'Sprechen Sie nach dem Signalton. Drücken Sie danach die Rautetaste.', 'はっしんおんの あとに ろくおんしてください。 おわったら しゃーぷを おしてください。'],
  'message-saved': ['Message saved.', 'Mensagem salva.', 'Mensaje guardado.', 'Message enregistré.', 'Messaggio salvato.', 'Nachricht gespeichert.', 'めっせーじを ほぞんしました。'],
  'message-deleted': ['Message deleted.', 'Mensagem apagada.', 'Mensaje borrado.', 'Message supprimé.', 'Messaggio cancellato.', 'Nachricht gelöscht.', 'めっせーじを さくじょしました。'],
  'you-have': ['You have', 'Você tem', 'Tiene', 'Vous avez', 'Ha', 'Sie haben', 'めっせーじわ'],
  'new-message': ['new message', 'mensagem nova', 'mensaje nuevo', 'nouveau message', 'nuovo messaggio', 'neue Nachricht', 'けんの あたらしい めっせーじが あります'],
  'new-messages': ['new messages', 'mensagens novas', 'mensajes nuevos', 'nouveaux messages', 'nuovi messaggi', 'neue Nachrichten', 'けんの あたらしい めっせーじが あります'],
  'saved-message': ['saved message', 'mensagem salva', 'mensaje guardado', 'message enregistré', 'messaggio salvato', 'gespeicherte Nachricht', 'けんの ほぞんされた めっせーじが あります'],
  'saved-messages': ['saved messages', 'mensagens salvas', 'mensajes guardados', 'messages enregistrés', 'messaggi salvati', 'gespeicherte Nachrichten', 'けんの ほぞんされた めっせーじが あります'],
  'no-messages': ['You have no messages.', 'Você não tem mensagens.', 'No tiene mensajes.', "Vous n'avez aucun message.", 'Non ha messaggi.', 'Sie haben keine Nachrichten.', 'めっせーじわ ありません。'],
  'message-received': ['Received', 'Recebida', 'Recibido el', 'Reçu le', 'Ricevuto', 'Empfangen am', 'じゅしん'],
  'message-from': ['From', 'De', 'De', 'De', 'Da', 'Von', 'はっしんしゃ'],
  'end-of-messages': ['No more messages.', 'Não há mais mensagens.', 'No hay más mensajes.', "Il n'y a plus de messages.", 'Non ci sono altri messaggi.', 'Keine weiteren Nachrichten.', 'めっせーじわ いじょうです。'],
  'main-menu': ['Main menu.', 'Menu principal.', 'Menú principal.', 'Menu principal.', 'Menu principale.', 'Hauptmenü.', 'めいんめにゅー。'],
  'menu-new-messages': ['To listen to new messages, press 1.', 'Para ouvir as mensagens novas, tecle 1.', 'Para escuchar los mensajes nuevos, pulse 1.', 'Pour écouter les nouveaux messages, appuyez sur 1.', 'Per ascoltare i nuovi messaggi, prema 1.', 'Um neue Nachrichten abzuhören, drücken Sie die 1.', 'あたらしい めっせーじを きくにわ いちを おしてください。'],
  'menu-saved-messages': ['To listen to saved messages, press 2.', 'Para ouvir as mensagens salvas, tecle 2.', 'Para escuchar los mensajes guardados, pulse 2.', 'Pour écouter les messages enregistrés, appuyez sur 2.', 'Per ascoltare i messaggi salvati, prema 2.', 'Um gespeicherte Nachrichten abzuhören, drücken Sie die 2.', 'ほぞんされた めっせーじを きくにわ にを おしてください。'],
  'menu-greeting': ['To record your greeting, press 3.', 'Para gravar a sua saudação, tecle 3.', 'Para grabar su saludo, pulse 3.', 'Pour enregistrer votre annonce, appuyez sur 3.', 'Per registrare il suo saluto, prema 3.', 'Um Ihre Ansage aufzunehmen, drücken Sie die 3.', 'おうとうめっせーじを ろくおんするにわ さんを おしてください。'],
  'menu-change-pin': ['To change your password, press 4.', 'Para mudar a sua senha, tecle 4.', 'Para cambiar su contraseña, pulse 4.', 'Pour changer votre code secret, appuyez sur 4.', 'Per cambiare il codice segreto, prema 4.', 'Um Ihre PIN zu ändern, drücken Sie die 4.', 'あんしょうばんごうを かえるにわ よんを おしてください。'],
  'menu-repeat': ['To hear these options again, press star.', 'Para ouvir novamente as opções, tecle asterisco.', 'Para volver a escuchar las opciones, pulse asterisco.', 'Pour réécouter ces choix, appuyez sur étoile.', 'Per riascoltare le opzioni, prema asterisco.', 'Um diese Auswahl erneut zu hören, drücken Sie die Sterntaste.', 'もういちど きくにわ こめじるしを おしてください。'],
  'menu-exit': ['To exit, press the pound key.', 'Para sair, tecle sustenido.', 'Para salir, pulse la tecla numeral.', 'Pour quitter, appuyez sur dièse.', 'Per uscire, prema cancelletto.', 'Zum Beenden drücken Sie die Rautetaste.', 'しゅうりょうするにわ しゃーぷを おしてください。'],
  'message-options': ['To replay this message, press 1. To save it, press 9. To delete it, press 7. For the next message, press the pound key.', 'Para ouvir de novo, tecle 1. Para salvar, tecle 9. Para apagar, tecle 7. Para a próxima mensagem, tecle sustenido.', 'Para repetir, pulse 1. Para guardar, pulse 9. Para borrar, pulse 7. Para el siguiente mensaje, pulse la tecla numeral.', 'Pour réécouter, appuyez sur 1. Pour enregistrer, sur 9. Pour supprimer, sur 7. Pour le message suivant, sur dièse.', 'Per riascoltare, prema 1. Per salvare, prema 9. Per cancellare, prema 7. Per il messaggio successivo, prema cancelletto.', 'Zum Wiederholen drücken Sie die 1, zum Speichern die 9, zum Löschen die 7, für die nächste Nachricht die Rautetaste.', 'もういちど きくにわ いち、 ほぞんするにわ きゅう、 さくじょするにわ なな、 つぎの めっせーじわ しゃーぷを おしてください。'],
  'conference-enter-pin': ['Please enter the conference password, followed by the pound key.', 'Digite a senha da conferência, seguida de sustenido.', 'Marque la contraseña de la conferencia, seguida de la tecla numeral.', 'Composez le code de la conférence, suivi de la touche dièse.', 'Digiti il codice della conferenza, seguito dal tasto cancelletto.', 'Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste.', 'かいぎの あんしょうばんごうを にゅうりょくして、さいごに しゃーぷを おしてください。'],
  'conference-joined': ['You are now in the conference.', 'Você entrou na conferência.', 'Ha entrado en la conferencia.', 'Vous êtes maintenant dans la conférence.', 'È entrato nella conferenza.', 'Sie sind jetzt in der Konferenz.', 'かいぎに さんかしました。'],
  'conference-only-participant': ['You are the only participant.', 'Você é o único participante.', 'Usted es el único participante.', 'Vous êtes le seul participant.', "Lei è l'unico partecipante.", 'Sie sind der einzige Teilnehmer.', 'ほかの さんかしゃわ いません。'],
  'conference-closed': ['This conference is closed.', 'Esta conferência está encerrada.', 'Esta conferencia está cerrada.', 'Cette conférence est fermée.', 'Questa conferenza è chiusa.', 'Diese Konferenz ist geschlossen.', 'この かいぎわ しゅうりょうしました。'],
  'conference-full': ['This conference is full.', 'Esta conferência está lotada.', 'Esta conferencia está completa.', 'Cette conférence est complète.', 'Questa conferenza è al completo.', 'Diese Konferenz ist voll.', 'この かいぎわ まんいんです。'],
  'conference-locked': ['This conference is locked.', 'Esta conferência está bloqueada.', 'Esta conferencia está bloqueada.', 'Cette conférence est verrouillée.', 'Questa conferenza è bloccata.', 'Diese Konferenz ist gesperrt.', 'この かいぎわ ろっくされています。'],
  'conference-ended': ['The conference has ended.', 'A conferência terminou.', 'La conferencia ha terminado.', 'La conférence est terminée.', 'La conferenza è terminata.', 'Die Konferenz ist beendet.', 'かいぎが おわりました。'],
  'echo-test': ['Echo test. After the tone, speak: you will hear yourself with the delay of the network. Hang up when you are done.', 'Teste de eco. Após o sinal, fale: você vai ouvir a sua voz com o atraso da rede. Desligue ao terminar.', 'Prueba de eco. Después del tono, hable: oirá su voz con el retardo de la red. Cuelgue al terminar.', "Test d'écho. Après le bip, parlez : vous vous entendrez avec le délai du réseau. Raccrochez pour terminer.", "Test dell'eco. Dopo il segnale parli: sentirà la sua voce con il ritardo della rete. Riagganci al termine.", 'Echotest. Sprechen Sie nach dem Signalton: Sie hören sich selbst mit der Verzögerung des Netzes. Legen Sie danach auf.', 'えこーてすとです。 はっしんおんの あとに はなすと、 じぶんの こえが きこえます。 おわったら でんわを きってください。'],
  'call-recorded': ['This call is being recorded.', 'Esta ligação está sendo gravada.', 'Esta llamada está siendo grabada.', 'Cet appel est enregistré.', 'Questa chiamata viene registrata.', 'Dieses Gespräch wird aufgezeichnet.', 'この つうわわ ろくおんされています。'],
  'please-hold': ['Please hold.', 'Aguarde, por favor.', 'Espere, por favor.', 'Veuillez patienter.', 'Attenda, per favore.', 'Bitte warten Sie.', 'しょうしょう おまちください。'],
  star: ['star', 'asterisco', 'asterisco', 'étoile', 'asterisco', 'Stern', 'こめじるし'],
  pound: ['pound', 'sustenido', 'numeral', 'dièse', 'cancelletto', 'Raute', 'しゃーぷ'],
};

export function generalPrompts(into: PromptTexts): void {
  for (const [id, [en, ptBR, es, fr, it, de, ja]] of Object.entries(ROWS)) {
    put(into, 'en', { [id]: en });
    put(into, 'pt-BR', { [id]: ptBR });
    put(into, 'es', { [id]: es });
    put(into, 'fr', { [id]: fr });
    put(into, 'it', { [id]: it });
    put(into, 'de', { [id]: de });
    put(into, 'ja', { [id]: ja });
  }
}

export const GENERAL_PROMPT_IDS = Object.keys(ROWS);
