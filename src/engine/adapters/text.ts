// Plain text (.txt and anything that decodes as text): the decoded file is the document.
import type { FormatAdapter } from '../document';
import { decodeText } from '../decode';

export const textAdapter: FormatAdapter = {
  id: 'text',
  extensions: ['txt', 'text', 'log', 'csv', 'tsv'],
  async extract({ bytes, fileName }) {
    const { text, encoding } = decodeText(bytes, fileName);
    return { text, format: 'text', encoding };
  },
};
