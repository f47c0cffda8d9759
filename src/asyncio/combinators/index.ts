/**
 * The asyncio combinators (see DESIGN.md §3). Each module of this folder is re-exported here.
 * @module
 */
export {};
