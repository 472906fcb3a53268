#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary (see docs/decisions/0002-prisma-offline.md).
//
// Why it exists: the Prisma CLI downloads a native schema engine from Prisma's binaries host
// before `generate`, `migrate`, `db`, `validate`, `format`, … That host is unreachable where
// only the npm registry is, so prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here. This
// script speaks the native engine's protocol (its CLI arguments, the `cli` sub-commands and
// newline-delimited JSON-RPC 2.0 on stdin/stdout) and does the work with the WebAssembly schema
// engine from npm (@prisma/schema-engine-wasm) over the better-sqlite3 driver adapter.
// It only supports SQLite, which is all this project uses.
//
// stdout carries JSON-RPC messages only; logs go to stderr as JSON lines, like the native engine.

import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError, isDriverAdapterError } from '@prisma/driver-adapter-utils'

// Anything a dependency prints with console.log would corrupt the JSON-RPC stream.
console.log = console.info = console.debug = console.warn = console.error

const JSON_RPC_METHOD_NOT_FOUND = -32601
// The native engine's code for "the engine returned an error", read by the CLI from `data`.
const ENGINE_ERROR_CODE = 4466

// JSON-RPC methods forwarded unchanged to the wasm SchemaEngine method of the same name.
const FORWARDED_METHODS = new Set([
  'applyMigrations',
  'createMigration',
  'dbExecute',
  'debugPanic',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'introspect',
  'introspectSql',
  'listMigrationDirectories',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'schemaPush',
])

// ---------------------------------------------------------------------------------------------
// Arguments and URLs

function parseArguments(argv) {
  const options = { datamodels: [], datasource: {}, version: false, cliCommand: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--datamodels') options.datamodels.push(argv[++i])
    else if (arg === '--datasource') options.datasource = JSON.parse(argv[++i])
    else if (arg === '--version' || arg === '-V') options.version = true
    else if (arg === 'cli') options.cliCommand = argv[++i]
    // --enabled-preview-features and --extension-types change nothing for SQLite: skip their value.
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++
  }
  return options
}

// `file:./dev.db`, `file:/abs/dev.db` or `file:///abs/dev.db?x=y` → absolute path. Relative paths
// resolve against the working directory, which the CLI sets to the Prisma config's folder.
function sqliteFilePath(url) {
  if (typeof url !== 'string' || !url.startsWith('file:')) {
    throw new Error(`Only SQLite "file:" URLs are supported by this schema engine stand-in, got ${JSON.stringify(url)}`)
  }
  const withoutQuery = url.split('?')[0]
  const filePath = withoutQuery.startsWith('file://') ? fileURLToPath(withoutQuery) : withoutQuery.slice('file:'.length)
  return path.resolve(filePath)
}

function createSqliteFile(filePath) {
  fs.mkdirSync(path.dirname(filePath), { recursive: true })
  // An empty file is a valid empty SQLite database; the 'a' flag never truncates an existing one.
  fs.closeSync(fs.openSync(filePath, 'a'))
}

// ---------------------------------------------------------------------------------------------
// `cli` mode: `can-connect-to-database` and `create-database`, run by the CLI before a command

function logLine(level, fields) {
  return JSON.stringify({ level, target: 'schema_engine::logger', fields })
}

// The CLI skips the first stderr line and reads the ERROR line after it (P1003 makes it create
// the database). No trailing newline: every line after the first must parse as JSON.
function failCliCommand(errorCode, message) {
  process.stderr.write(
    logLine('INFO', { message: 'Starting schema engine CLI (wasm stand-in)' }) + '\n' +
    logLine('ERROR', { error_code: errorCode, message }),
  )
  return 1
}

function runCliCommand(command, datasource) {
  let filePath
  try {
    filePath = sqliteFilePath(datasource.url)
  } catch (error) {
    return failCliCommand('P1013', error.message)
  }
  if (command === 'create-database') {
    createSqliteFile(filePath)
    return 0
  }
  if (command === 'can-connect-to-database') {
    if (fs.existsSync(filePath)) return 0
    return failCliCommand('P1003', `Database ${path.basename(filePath)} does not exist at ${filePath}`)
  }
  return failCliCommand(null, `Unknown cli command: ${command}`)
}

// ---------------------------------------------------------------------------------------------
// Loading the WebAssembly engine

// Node 20 cannot `import` a .wasm file (what the package's main entry does), so instantiate it
// by hand with the package's JS glue as its import object.
async function loadWasmGlue() {
  // A Rust panic reports its text here before the wasm traps; it must exist before start.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    lastPanic: null,
    set_message(message) { this.lastPanic = message },
  }
  const gluePath = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
  const glue = await import(gluePath)
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'))
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue })
  glue.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
  return glue
}

// ---------------------------------------------------------------------------------------------
// SQLite connections handed to the wasm engine, with the driver gaps covered

const isMigrationsTableMissing = (error) =>
  error?.cause?.kind === 'TableDoesNotExist' && error.cause.table === '_prisma_migrations'

// better-sqlite3 runs executeRaw through prepare(), which takes exactly one statement.
const isNotSingleStatement = (error) =>
  /more than one statement|contains no statements/i.test(String(error?.message))

// Gap 1: on a fresh database `migrate dev` reads `_prisma_migrations` before creating it; the
// native engine treats that as "no migrations applied yet", so answer with zero rows.
async function queryRawTolerant(queryable, query) {
  try {
    return await queryable.queryRaw(query)
  } catch (error) {
    if (isMigrationsTableMissing(error)) return { columnNames: [], columnTypes: [], rows: [] }
    throw error
  }
}

// Gap 2: the shadow database replays whole migration scripts through executeRaw.
async function executeRawTolerant(queryable, runScript, query) {
  try {
    return await queryable.executeRaw(query)
  } catch (error) {
    if (query.args.length > 0 || !isNotSingleStatement(error)) throw error
    await runScript(query.sql)
    return 0
  }
}

// The engine only sees errors that are not DriverAdapterErrors as "External error id#N" (nothing
// here reads the adapter's error registry), so pass their message on as a SQLite error.
function asDriverError(error) {
  if (isDriverAdapterError(error)) return error
  return new DriverAdapterError({ kind: 'sqlite', extendedCode: 1, message: String(error?.message ?? error) })
}

async function withDriverErrors(operation) {
  try {
    return await operation()
  } catch (error) {
    throw asDriverError(error)
  }
}

function patchTransaction(transaction, runScript) {
  const call = withDriverErrors
  return {
    adapterName: transaction.adapterName,
    provider: transaction.provider,
    options: transaction.options,
    queryRaw: (query) => call(() => queryRawTolerant(transaction, query)),
    executeRaw: (query) => call(() => executeRawTolerant(transaction, runScript, query)),
    commit: () => call(() => transaction.commit()),
    rollback: () => call(() => transaction.rollback()),
    createSavepoint: (name) => call(() => transaction.createSavepoint(name)),
    rollbackToSavepoint: (name) => call(() => transaction.rollbackToSavepoint(name)),
    releaseSavepoint: (name) => call(() => transaction.releaseSavepoint(name)),
  }
}

// A driver adapter that opens its better-sqlite3 connection on first use. The wasm engine
// connects as soon as it is created; opening lazily keeps commands that never touch the
// database (e.g. `migrate diff --from-migrations --to-schema`) from creating the file.
class LazySqliteAdapter {
  provider = 'sqlite'
  #open
  #connection = null

  constructor(adapterName, open) {
    this.adapterName = adapterName
    this.#open = open
  }

  get isOpen() { return this.#connection !== null }

  async #raw() {
    this.#connection ??= await this.#open()
    return this.#connection
  }

  queryRaw(query) {
    return withDriverErrors(async () => queryRawTolerant(await this.#raw(), query))
  }

  executeRaw(query) {
    return withDriverErrors(async () => {
      const raw = await this.#raw()
      return executeRawTolerant(raw, (sql) => raw.executeScript(sql), query)
    })
  }

  executeScript(script) {
    return withDriverErrors(async () => (await this.#raw()).executeScript(script))
  }

  startTransaction(isolationLevel) {
    return withDriverErrors(async () => {
      const raw = await this.#raw()
      // A transaction shares the connection but has no executeScript of its own.
      return patchTransaction(await raw.startTransaction(isolationLevel), (sql) => raw.executeScript(sql))
    })
  }

  async dispose() {
    const connection = this.#connection
    this.#connection = null
    if (connection) await connection.dispose()
  }
}

async function createAdapterFactory(datasource) {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')

  const mainPath = datasource.url ? sqliteFilePath(datasource.url) : null
  const shadowPath = datasource.shadowDatabaseUrl ? sqliteFilePath(datasource.shadowDatabaseUrl) : undefined
  // Without a shadow URL the adapter uses a private in-memory database, which is what we want.
  const base = new PrismaBetterSqlite3({ url: mainPath ?? ':memory:' }, { shadowDatabaseUrl: shadowPath })
  const mainConnections = []

  const openMain = () => {
    if (!mainPath) throw new Error('No datasource URL was given to the schema engine (--datasource).')
    return base.connect()
  }
  const factory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const adapter = new LazySqliteAdapter(base.adapterName, openMain)
      mainConnections.push(adapter)
      return adapter
    },
    connectToShadowDb: async () => new LazySqliteAdapter(base.adapterName, () => base.connectToShadowDb()),
  }
  return { factory: bindMigrationAwareSqlAdapterFactory(factory), mainPath, mainConnections }
}

// ---------------------------------------------------------------------------------------------
// The engine: JSON-RPC methods → wasm SchemaEngine

function writeEngineLog(message) {
  const line = typeof message === 'string' ? message.trimEnd() : JSON.stringify(message)
  if (line) process.stderr.write(line + '\n')
}

// PRAGMAs return a row, so they go through queryRaw (executeRaw refuses statements that read).
const runPragma = (connection, sql) => connection.queryRaw({ sql, args: [], argTypes: [] })

async function readDatamodels(files) {
  return Promise.all(files.map(async (file) => [file, await fs.promises.readFile(file, 'utf8')]))
}

class EngineHost {
  constructor({ engine, database, sendPrint }) {
    this.engine = engine
    this.database = database
    this.sendPrint = sendPrint
  }

  static async start(options, sendPrint) {
    const glue = await loadWasmGlue()
    const database = await createAdapterFactory(options.datasource)
    // Commands without a schema (e.g. `migrate diff`) pass no --datamodels. The engine must then
    // get `undefined`: an empty list makes it panic ("called with at least one file") later on.
    const datamodels = options.datamodels.length > 0 ? await readDatamodels(options.datamodels) : undefined
    const engine = await glue.SchemaEngine.new({ datamodels }, writeEngineLog, database.factory)
    return new EngineHost({ engine, database, sendPrint })
  }

  async call(method, params) {
    switch (method) {
      case 'getDatabaseVersion': return this.engine.version()
      case 'createDatabase': return this.createDatabase(params)
      case 'diff': return this.diff(params)
      case 'reset': return this.reset()
      case 'evaluateDataLoss': return this.evaluateDataLoss(params)
    }
    if (FORWARDED_METHODS.has(method) && typeof this.engine[method] === 'function') {
      return (await this.engine[method](params)) ?? {}
    }
    throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: JSON_RPC_METHOD_NOT_FOUND })
  }

  createDatabase(params) {
    const datasource = params?.datasource
    const filePath = datasource?.tag === 'ConnectionString' ? sqliteFilePath(datasource.url) : this.database.mainPath
    if (!filePath) throw new Error('No datasource URL was given to the schema engine (--datasource).')
    createSqliteFile(filePath)
    return { databaseName: path.basename(filePath) }
  }

  // The native engine prints the diff by asking the CLI to (so `--output` capture works).
  async diff(params) {
    const { exitCode, stdout } = await this.engine.diff(params)
    if (stdout) await this.sendPrint(stdout)
    return { exitCode }
  }

  // Gap 3: the wasm engine's SQLite reset only empties the tables, and re-applying migrations
  // then fails with "table already exists". Do what the native engine does: release the engine's
  // exclusive lock (the mode change takes effect at the next access, hence the quick_check) so
  // SQLite re-reads the file afterwards, truncate the file to zero bytes (an empty database), and
  // take the lock again.
  async reset() {
    const connections = this.database.mainConnections.filter((connection) => connection.isOpen)
    for (const connection of connections) {
      await runPragma(connection, 'PRAGMA main.locking_mode=NORMAL')
      await runPragma(connection, 'PRAGMA main.quick_check')
    }
    const filePath = this.database.mainPath
    if (filePath && fs.existsSync(filePath)) fs.truncateSync(filePath, 0)
    for (const connection of connections) await runPragma(connection, 'PRAGMA main.locking_mode=EXCLUSIVE')
    return {}
  }

  // Gap 4: right after pending migrations were applied (in the same engine), evaluateDataLoss
  // fails with "SQLite shadow DB must be provided through an external factory". Running
  // devDiagnostic on the same migrations sets the shadow database up; then it succeeds.
  async evaluateDataLoss(params) {
    try {
      return await this.engine.evaluateDataLoss(params)
    } catch (error) {
      if (!/shadow DB must be provided/i.test(String(error?.message))) throw error
      await this.engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters })
      return this.engine.evaluateDataLoss(params)
    }
  }

  async close() {
    await Promise.allSettled(this.database.mainConnections.map((connection) => connection.dispose()))
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC over stdin/stdout

function send(message) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n')
}

// Only Prisma's own codes (P1014, P3006, …): the CLI prints them as the error's title.
const prismaErrorCode = (error) => (/^P\d{4}$/.test(String(error?.code)) ? error.code : null)

// The error shape the CLI expects from the native engine (it reads `data`).
function toRpcError(error) {
  if (error?.rpcCode) return { code: error.rpcCode, message: error.message }
  const registry = globalThis.PRISMA_WASM_PANIC_REGISTRY
  const isPanic = error instanceof WebAssembly.RuntimeError
  const message = (isPanic && registry?.lastPanic) || error?.message || String(error)
  return {
    code: ENGINE_ERROR_CODE,
    message: isPanic ? message : 'An error happened. Check the data field for details.',
    data: { is_panic: isPanic, message, meta: error?.meta ?? null, error_code: prismaErrorCode(error) },
  }
}

function serve(options) {
  const pendingPrints = new Map()
  let nextPrintId = 1
  // The engine's methods need exclusive access: answer requests strictly one after another.
  let queue = Promise.resolve()
  let hostPromise = null

  const sendPrint = (content) => new Promise((resolve) => {
    const id = `print-${nextPrintId++}`
    pendingPrints.set(id, resolve)
    send({ id, method: 'print', params: { content } })
  })
  // Started on the first request: a wasm start-up failure then reaches the CLI as an RPC error.
  const host = () => (hostPromise ??= EngineHost.start(options, sendPrint))

  let inFlight = null

  async function answer(request) {
    inFlight = request
    try {
      const result = await (await host()).call(request.method, request.params)
      send({ id: request.id, result: result ?? null })
    } catch (error) {
      send({ id: request.id, error: toRpcError(error) })
      // After a Rust panic the wasm instance cannot be trusted: exit like the native engine.
      if (error instanceof WebAssembly.RuntimeError) process.exit(101)
    } finally {
      inFlight = null
    }
  }

  // A Rust panic inside the wasm engine's own async tasks surfaces here, and the pending call
  // never settles: answer it, then exit.
  process.on('uncaughtException', (error) => {
    if (inFlight) send({ id: inFlight.id, error: toRpcError(error) })
    else process.stderr.write(logLine('ERROR', { message: String(error?.stack ?? error) }) + '\n')
    process.exit(error instanceof WebAssembly.RuntimeError ? 101 : 1)
  })

  function onLine(line) {
    if (!line.trim()) return
    let message
    try {
      message = JSON.parse(line)
    } catch {
      send({ id: null, error: { code: -32700, message: 'Parse error' } })
      return
    }
    if (message.method === undefined) {
      // A response from the CLI to one of our `print` requests.
      pendingPrints.get(message.id)?.()
      pendingPrints.delete(message.id)
      return
    }
    queue = queue.then(() => answer(message))
  }

  // Closing the connections ends the engine's exclusive lock, so SQLite removes its journal.
  // Exit explicitly: the wasm engine can leave timers armed.
  async function shutdown() {
    const started = await hostPromise?.catch(() => null)
    await started?.close()
    process.exit(0)
  }

  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  input.on('line', onLine)
  // The CLI stops the engine by ending stdin and, right after, sending SIGTERM.
  input.on('close', () => queue.then(shutdown))
  process.on('SIGTERM', shutdown)
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArguments(process.argv.slice(2))
  if (options.version) {
    const glue = await loadWasmGlue()
    process.stdout.write(`schema-engine-cli ${glue.version()}\n`)
    return
  }
  if (options.cliCommand) {
    process.exitCode = runCliCommand(options.cliCommand, options.datasource)
    return
  }
  serve(options)
}

main().catch((error) => {
  process.stderr.write(logLine('ERROR', { message: String(error?.stack ?? error) }) + '\n')
  process.exit(1)
})
