/** The part of jstat (CommonJS, without types) that the experiments' intervals use. */
declare module 'jstat' {
  const jStat: {
    studentt: { inv(p: number, dof: number): number };
  };
  export default jStat;
}
