/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    overallRate?: number
  }
  interface Result {
    requests: { total: number; average: number }
  }
  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): unknown
  export default autocannon
}
