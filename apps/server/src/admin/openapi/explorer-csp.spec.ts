import { createHash } from 'node:crypto';
import { withInlineStylesOf } from './explorer-csp';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const policy = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:";

describe('withInlineStylesOf', () => {
  it('allows exactly the style blocks and style attributes of the page, by hash', () => {
    const html = '<style>body{margin:0}</style><svg style="width:0"></svg><p style=\'color:red\'></p><style>\n</style>';
    expect(withInlineStylesOf(policy, html)).toBe(
      `default-src 'self';script-src 'self';style-src 'self' ${sha('body{margin:0}')} ${sha('\n')};img-src 'self' data:;` +
        `style-src-attr 'unsafe-hashes' ${sha('width:0')} ${sha('color:red')}`,
    );
  });

  it('leaves a page without inline styles, and the script policy, as they were', () => {
    expect(withInlineStylesOf(policy, '<p>no styles</p><script src="x.js"></script>')).toBe(policy);
  });
});
