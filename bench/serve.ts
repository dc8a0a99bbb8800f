// The service in a process of its own for load tests (so the load generator does not share its
// event loop): node -r ./bench/register.cjs bench/serve.ts <databaseUrl> → prints "READY <port>".
import { benchApp } from './support';

async function main() {
  const app = await benchApp(process.argv[2], process.argv[3] ? JSON.parse(process.argv[3]) : {});
  const port = new URL((await app.getUrl()).replace('[::1]', '127.0.0.1')).port;
  console.log(`READY ${port} ${process.pid}`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
