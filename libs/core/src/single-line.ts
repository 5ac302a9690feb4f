/** One line of text: no control characters (names, search filters, audit filters). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
export const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/;
