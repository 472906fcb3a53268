// Imports a TypeScript entry of app/ compiled to plain JavaScript, for the processes that run the
// sources without Vite: the render process (app/document/render-worker.mjs) and the command line
// (bin/specwright.mjs).
//
// esbuild (the compiler tsx uses) bundles the entry and what it imports from app/ into one
// module per dynamic import under node_modules/.cache/<name>/<hash>/; packages stay external.
// That takes ~130 ms, and the process then holds ~50 MB less than under tsx's loader, which
// keeps the sources, their source maps and a module-hooks thread for as long as it lives. The
// directory is named by its content, written under a temporary name and renamed into place,
// so processes starting together never read a half-written file. Where it cannot be written
// (a read-only install) it says so on stderr and loads the sources through tsx instead.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { threadId } from 'node:worker_threads'

/**
 * @param {string} root the repository root (package.json, app/, node_modules/)
 * @param {string} entry the entry's path under root, e.g. 'app/cli/main.ts'
 * @param {string} name the cache folder's name under node_modules/.cache/
 */
export async function compiledImport(root, entry, name) {
  try {
    return await compiled(root, entry, name)
  } catch (error) {
    console.warn(`${name}: loading ${entry} through tsx (${error instanceof Error ? error.message : String(error)})`)
    const { register } = await import('tsx/esm/api')
    register({ tsconfig: path.join(root, 'tsconfig.json') })
    return import(pathToFileURL(path.join(root, entry)).href)
  }
}

async function compiled(root, entry, name) {
  const fromRoot = createRequire(path.join(root, 'package.json'))
  const esbuild = fromRoot(createRequire(fromRoot.resolve('tsx')).resolve('esbuild'))
  const cache = path.join(root, 'node_modules/.cache', name)
  const staging = path.join(cache, `.build-${process.pid}-${threadId}-${Date.now()}`)
  const output = `${path.basename(entry).replace(/\.[cm]?tsx?$/, '')}.js`
  try {
    const result = await esbuild.build({
      entryPoints: [path.join(root, entry)],
      bundle: true,
      splitting: true, // what the entry imports on demand still loads on demand
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { '~': path.join(root, 'app') },
      outdir: staging,
      write: false,
      logLevel: 'silent',
    })
    const hash = crypto.createHash('sha256')
    for (const f of result.outputFiles) hash.update(path.relative(staging, f.path)).update(f.contents)
    const dir = path.join(cache, hash.digest('hex').slice(0, 16))
    if (!fs.existsSync(path.join(dir, output))) {
      for (const f of result.outputFiles) {
        fs.mkdirSync(path.dirname(f.path), { recursive: true })
        fs.writeFileSync(f.path, f.contents)
      }
      try {
        fs.renameSync(staging, dir)
      } catch (error) {
        // Another process published the same build first.
        if (!fs.existsSync(path.join(dir, output))) throw error
      }
    }
    return await import(pathToFileURL(path.join(dir, output)).href)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
    await esbuild.stop()
  }
}
