/** Types for build.mjs, which stays plain JavaScript so npm scripts can run it without a TypeScript loader. */
export declare const ENTRIES: Readonly<Record<'main' | 'ingest' | 'ask', string>>;
export declare function buildBundles(names?: readonly string[]): Promise<string[]>;
