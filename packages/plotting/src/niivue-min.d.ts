/** `@niivue/niivue/min`: niivue's whole ES module bundle as one URI-encoded string. */
declare module '@niivue/niivue/min' {
  export const esm: string;
}
