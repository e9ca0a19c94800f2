// Types of scripts/package.mjs for the TypeScript tests.
/** Where the project lives: the registry page's links and the docs' absolute links point here. */
export declare const REPOSITORY: string;
/** The references a library user needs, shipped under docs/ (files and folders of docs/). */
export declare const SHIPPED_DOCS: string[];
/** Writes dist/npm afresh. */
export declare function assemble(): void;
