import { migrate } from "./migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Example: postgresql://postgres@127.0.0.1:5432/outreach");
  process.exit(1);
}
const result = await migrate(url, (line) => console.log(line));
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
