import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Prisma's native schema engine cannot be downloaded where only the npm registry is
// reachable; our stand-in hosts the WebAssembly engine instead (docs/decisions/0002).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, 'prisma/schema-engine-wasm.mjs')

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'file:./data/specwright.db',
  },
})
