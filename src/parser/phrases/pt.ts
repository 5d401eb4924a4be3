import type { PlaceholderTable } from './types.js';

/**
 * Portuguese, Brazil (`ocultada`, `figurinha omitida`) and Portugal (`não revelado/a`, `Apagou esta
 * mensagem.`). Source: public export parsers found by code search ("imagem ocultada",
 * "Cartão do contato omitido"; a Dart parser's table for the pt-PT forms).
 */
export const pt: PlaceholderTable = {
  omitted: [
    'imagem ocultada', 'vídeo ocultado', 'áudio ocultado', 'GIF ocultado', 'figurinha omitida', 'documento omitido',
    'Cartão do contato omitido', 'GIF omitido', 'figurinha ocultada', 'cartão de contato ocultado', 'documento ocultado',
    'imagem não revelada', 'vídeo não revelado', 'ficheiro de áudio não revelado', 'GIF não revelada',
    'sticker não revelado', 'documento não revelado', 'Contacto não revelado',
  ],
  deleted: ['Esta mensagem foi apagada', 'Essa mensagem foi apagada', 'Apagou esta mensagem', 'Você apagou esta mensagem', 'Mensagem apagada'],
};
