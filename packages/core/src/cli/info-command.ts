import { createRequire } from 'node:module';
import { probeTfjsBackends, selectTfjsBackend, type TfjsBackendChoice } from '../backend/tfjs-backend.js';
import { availableOnnxProviders } from '../backend/onnx-session.js';
import { NATIVE_KERNELS_ENV, nativeKernelsStatus } from '../backend/native-compute.js';
import { CONTRIBUTION_KINDS, CONTRIBUTION_KIND_LABEL, PLUGIN_API_VERSION } from '../plugins/plugin.js';
import { loadPipeline } from '../pipeline/load-pipeline.js';
import { VERSION } from '../version.js';

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/**
 * `affectfusion info [pipeline.json]`: versions, the backends available and the one chosen, and
 * the plugins a pipeline would load with what they contribute.
 */
export async function infoCommand(file: string | undefined, options: { json?: boolean }): Promise<number> {
  const pipeline = file ? await loadPipeline(file) : undefined;
  const requested = pipeline?.config.backend?.tfjs as TfjsBackendChoice | undefined;
  const probes = await probeTfjsBackends();
  const backend = await selectTfjsBackend({ requested });
  const native = nativeKernelsStatus();
  const onnxProviders = await availableOnnxProviders();
  const info = {
    affectfusion: VERSION,
    pluginApi: PLUGIN_API_VERSION,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    tfjs: packageVersion('@tensorflow/tfjs-core'),
    onnxruntime: packageVersion('onnxruntime-node'),
    backends: { tfjs: { available: probes, chosen: backend }, onnx: { available: onnxProviders }, nativeKernels: native },
    pipeline: pipeline && {
      file,
      name: pipeline.config.name,
      fusion: pipeline.config.fusion.type,
      plugins: pipeline.registry.plugins.map(({ plugin, specifier, url }) => ({
        name: plugin.name,
        version: plugin.version,
        specifier,
        from: url,
        contributes: Object.fromEntries(
          CONTRIBUTION_KINDS.filter((k) => plugin.contributions[k]).map((k) => [k, Object.keys(plugin.contributions[k] ?? {})]),
        ),
      })),
    },
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `AffectFusion ${info.affectfusion} (plugin API ${info.pluginApi})`,
    `  node ${info.node} on ${info.platform}; tfjs ${info.tfjs}; onnxruntime-node ${info.onnxruntime}`,
    'tfjs backends:',
    ...probes.map((p) => `  ${p.available ? '✓' : '✗'} ${p.name}${p.reason ? ` — ${p.reason}` : ''}`),
    `  chosen: ${backend.chosen} (${backend.source === 'default' ? 'first available' : `set by ${backend.source}`}${backend.chosen === 'wasm' ? `; matMul/gradient fixes ${backend.wasmFixes ? 'on' : 'off'}` : ''})`,
    `onnxruntime execution providers: ${onnxProviders.join(', ')}`,
    native.enabled && native.available
      ? `native kernels (onnxruntime GEMM for large products, on wasm): on, ${native.threads} thread(s)`
      : `native kernels: off${native.reason ? ` — ${native.reason}` : ` (${NATIVE_KERNELS_ENV}=0)`}`,
  ];
  if (info.pipeline) {
    lines.push(`pipeline ${file}${info.pipeline.name ? ` (${info.pipeline.name})` : ''}: fusion ${info.pipeline.fusion}`);
    for (const p of info.pipeline.plugins) {
      lines.push(`  plugin ${p.name}@${p.version} ← ${p.name === '@affectfusion/core' ? 'built in' : `"${p.specifier}"`}`);
      for (const [kind, types] of Object.entries(p.contributes)) {
        lines.push(`    ${CONTRIBUTION_KIND_LABEL[kind as keyof typeof CONTRIBUTION_KIND_LABEL]}: ${types.join(', ')}`);
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
