import { firstSentence, ruleProse } from '../../src/render/rule-prose.js';

describe('ruleProse', () => {
  it('joins the hard-wrapped lines of a paragraph, keeping paragraph breaks', () => {
    expect(ruleProse('A timeout taken from\n  `os.environ` accepts\nany number.\n\nSecond\nparagraph.\n')).toBe(
      'A timeout taken from `os.environ` accepts any number.\n\nSecond paragraph.',
    );
  });

  it('keeps a fenced code block line for line, fenced safely', () => {
    const text = 'Clamp it:\n\n```python\nif x:\n    y = "```"\n```\nor not.';
    expect(ruleProse(text)).toBe('Clamp it:\n\n````python\nif x:\n    y = "```"\n````\n\nor not.');
  });

  it('runs an unclosed fence to the end, as CommonMark does', () => {
    expect(ruleProse('Text\n~~~\ncode\n')).toBe('Text\n\n```\ncode\n```');
  });

  it('keeps list items, joining their wrapped lines', () => {
    expect(ruleProse('Either:\n- clamp\n  the value, or\n- fail\n\n1. first\n2. second')).toBe(
      'Either:\n\n- clamp the value, or\n- fail\n\n1. first\n2. second',
    );
  });

  it('gives no meaning to anything else', () => {
    expect(ruleProse('# Approved\n> quoted\n<b>x</b> [l](https://e.example/)')).toBe(
      '\\# Approved &gt; quoted &lt;b&gt;x&lt;/b&gt; \\[l\\](https\\://e.example/)',
    );
  });

  it('starts the first paragraph with a label, or sets it apart before a block', () => {
    expect(ruleProse('Why\nthis.', '**Why.**')).toBe('**Why.** Why this.');
    expect(ruleProse('```\ncode\n```', '**How.**')).toBe('**How.**\n\n```\ncode\n```');
    expect(ruleProse('- item', '**How.**')).toBe('**How.**\n\n- item');
  });
});

describe('firstSentence', () => {
  it('takes the first sentence of the first paragraph, unwrapped', () => {
    expect(firstSentence('Use SFTP (`paramiko.SFTPClient`) or HTTPS. If the server\nonly speaks FTP, use FTPS.', 200)).toBe(
      'Use SFTP (`paramiko.SFTPClient`) or HTTPS.',
    );
  });

  it('ends a sentence that introduces code at its colon, as a full stop', () => {
    expect(firstSentence('Clamp the value to a sensible range, or reject it with a message that names the\nvariable:\n\n```python\nx\n```', 200)).toBe(
      'Clamp the value to a sensible range, or reject it with a message that names the variable.',
    );
  });

  it('does not end a sentence inside code or after e.g.', () => {
    expect(firstSentence('Call `hashlib.new("md5", usedforsecurity=False)`. Then rest.', 200)).toBe(
      'Call `hashlib.new("md5", usedforsecurity=False)`.',
    );
    expect(firstSentence('Validate, e.g. with a pattern. More.', 200)).toBe('Validate, e.g. with a pattern.');
  });

  it('cuts a long sentence at a word, marked', () => {
    const s = firstSentence(`${'word '.repeat(100)}end.`, 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.endsWith('word…')).toBe(true);
  });

  it('skips a leading code block and gives nothing for no text', () => {
    expect(firstSentence('```\ncode\n```\n\nThen this.', 200)).toBe('Then this.');
    expect(firstSentence('', 200)).toBe('');
  });
});
