// The class of every error the coshare package throws. wasm-bindgen copies
// this file into each build (snippets/) and src/errors.rs imports its
// constructor, so every thrown error is an instance of this one class; the
// package entry re-exports it (build.sh), so that `e instanceof
// CoshareError` works in Node.js (CommonJS or ES module) and in browsers.
// build.sh rewrites the last line for the Node.js build (CommonJS).

class CoshareError extends Error {
  /**
   * @param {string} message the plain-language message, without the code
   * @param {string} code the format's stable code, such as "invalid_number"
   * @param {string | null} [entry] the entry (or member) id concerned, or null
   * @param {string | null} [path] the document path concerned, or null
   * @param {Array<string | number>} [location] the path as field names and
   *   indices, such as ["policies", 0, "kinds", "labor"]; empty when unknown
   */
  constructor(message, code, entry = null, path = null, location = []) {
    super(message);
    this.code = code;
    this.entry = entry ?? null;
    this.path = path ?? null;
    this.location = location ?? [];
  }
}

// Like the built-in errors (TypeError.prototype.name), the name lives on the
// prototype, so it survives minifiers that rename classes.
Object.defineProperty(CoshareError.prototype, "name", {
  value: "CoshareError",
  writable: true,
  configurable: true,
});

export { CoshareError };
