// Every loop's default executor (`runInExecutor(null, …)`, `toThread`): a ThreadPoolExecutor named
// "asyncio", created on first use, as asyncio's. The kernel cannot import a face, so this face
// registers the factory when it loads; `run()` shuts the pool down before closing the loop.
import { setDefaultExecutorFactory } from "../core/internal.js";
import { ThreadPoolExecutor } from "../futures/index.js";

setDefaultExecutorFactory(() => new ThreadPoolExecutor({ name: "asyncio" }));
