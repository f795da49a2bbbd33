/** The part of jstat (CommonJS, without types) that Dunwell uses: t quantiles and beta quantiles for intervals, the normal CDF for a baseline. */
declare module 'jstat' {
  const jStat: {
    studentt: { inv(p: number, dof: number): number };
    normal: { cdf(x: number, mean: number, std: number): number };
    beta: { inv(p: number, alpha: number, beta: number): number };
  };
  export default jStat;
}
