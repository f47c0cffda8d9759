// The client side of IO4, run as its own process (fork with IPC): one process cannot hold 10k
// client sockets and the server's 10k under `ulimit -n` 20000, and the server's memory must not
// count the clients'. Protocol: the parent sends { port, connections }; this opens them (a bounded
// number of connects in flight, so the listen backlog never overflows into SYN retries) and
// answers "open"; the parent sends "close"; this ends every socket, answers "closed" and exits.
import { connect, type Socket } from "node:net";

/** Connects in flight at once: well under the listen backlog (511). */
const IN_FLIGHT = 256;

interface Open {
  port: number;
  connections: number;
}

const sockets: Socket[] = [];

function openOne(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" }, () => {
      socket.off("error", reject);
      socket.on("error", () => {}); // the server may reset at the end; nothing to report
      resolve();
    });
    socket.once("error", reject);
    sockets.push(socket);
  });
}

async function open({ port, connections }: Open): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, connections) }, async () => {
      while (next++ < connections) await openOne(port);
    }),
  );
}

async function closeAll(): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.destroyed) resolve();
          else socket.once("close", () => resolve()).end();
        }),
    ),
  );
}

process.on("message", (message: Open | "close") => {
  if (message === "close") {
    void closeAll().then(() => {
      process.send?.("closed");
      process.disconnect();
    });
    return;
  }
  open(message).then(
    () => process.send?.("open"),
    (error: Error) => {
      process.send?.(`failed: ${error.message}`);
      process.disconnect();
    },
  );
});
