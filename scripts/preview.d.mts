// Types of scripts/preview.mjs for the TypeScript tests.

/** A running `vite preview` of dist/app. */
export interface Preview {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Stops the server. */
  stop: () => Promise<void>;
}

/** Serves dist/app with `vite preview` and waits until it answers. */
export declare function startPreview(): Promise<Preview>;
