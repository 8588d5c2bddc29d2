import {
  AffectFusionError,
  PipelineConfigToken,
  PluginRegistryToken,
  compileOptionsSchema,
  formatIssues,
  issuesFromAjv,
  type Contribution,
  type PipelineConfig,
  type PluginContext,
  type PluginRegistry,
  type TemporalPooler,
} from '@affectfusion/core';
import { ATTENTION_CLUSTERS_TYPE, AttentionClusterPooler } from './attention-cluster-pooler.js';
import { CLASS_SOFTMAX_TYPE, ClassSoftmaxPooler } from './class-softmax-pooler.js';
import { LSTM_TYPE, LstmPooler } from './lstm-pooler.js';
import { MaskedReductionPooler } from './masked-reduction-pooler.js';
import { SPATIAL_TEMPORAL_TYPE, SpatialTemporalPooler, type SpatialAggregation } from './spatial-temporal-pooler.js';
import { TEMPORAL_SOFTMAX_TYPE, TemporalSoftmaxPooler } from './temporal-softmax-pooler.js';

const noOptions = { type: 'object', additionalProperties: false, properties: {} } as const;

const outputsProperty = {
  type: 'integer',
  minimum: 1,
  description: "E, the number of classes; the pipeline's task.outputs when left out.",
} as const;

/** The pipeline's task (outputs and class names), for poolers that classify. */
function taskOf(context: PluginContext | undefined): { outputs?: number; classNames?: readonly string[] } {
  const container = context?.container;
  if (!container?.isBound(PipelineConfigToken)) return {};
  return container.get<PipelineConfig>(PipelineConfigToken).task;
}

function classifyingOutputs(type: string, options: { outputs?: number }, context: PluginContext | undefined): { outputs: number; classNames?: readonly string[] } {
  const task = taskOf(context);
  const outputs = options.outputs ?? task.outputs;
  if (outputs === undefined) throw new AffectFusionError(`${type}: no number of classes`, 'set options.outputs');
  return { outputs, classNames: outputs === task.outputs ? task.classNames : undefined };
}

/** Per-type defaults of the spatial aggregation (JSON Schema defaults do not apply inside a choice of types). */
const SPATIAL_DEFAULTS = {
  attention: { heads: 2, hidden: 350, penalty: { coefficient: 1, squared: false } },
  'attention-clusters': { units: 2, hidden: 0, shift: true },
  average: {},
  max: {},
} as const;

/** Fills the spatial node's defaults and refuses options that belong to another type. */
export function resolveSpatial(node: Record<string, unknown>): SpatialAggregation {
  const type = (node.type ?? 'attention') as keyof typeof SPATIAL_DEFAULTS;
  const defaults = SPATIAL_DEFAULTS[type] as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    if (key !== 'type' && !(key in defaults)) {
      const allowed = Object.keys(defaults);
      throw new AffectFusionError(
        `${SPATIAL_TEMPORAL_TYPE}: spatial.${key} does not apply to spatial type "${type}"`,
        allowed.length > 0 ? `"${type}" takes ${allowed.join(', ')}` : `"${type}" takes no options; remove spatial.${key}`,
      );
    }
  }
  const resolved = { ...defaults, ...node, type } as Record<string, unknown>;
  if (type === 'attention') resolved.penalty = { ...SPATIAL_DEFAULTS.attention.penalty, ...(node.penalty as object | undefined) };
  return resolved as unknown as SpatialAggregation;
}

/**
 * Creates the temporal pooler a spatial-temporal pooler wraps: any pooler type of the pipeline's
 * plugins (found in its registry), its options validated against that pooler's own schema.
 */
async function createNestedPooler(node: { type: string; options?: Record<string, unknown> }, context: PluginContext | undefined): Promise<TemporalPooler> {
  if (node.type === SPATIAL_TEMPORAL_TYPE) throw new AffectFusionError(`${SPATIAL_TEMPORAL_TYPE}: temporal cannot be another ${SPATIAL_TEMPORAL_TYPE}`);
  const container = context?.container;
  const registry = container?.isBound(PluginRegistryToken) ? container.get<PluginRegistry>(PluginRegistryToken) : undefined;
  const contribution = registry ? registry.poolers.get(node.type).contribution : BUILTIN[node.type];
  if (!contribution) throw new AffectFusionError(`${SPATIAL_TEMPORAL_TYPE}: unknown temporal pooler "${node.type}"`, `outside a pipeline, use one of ${Object.keys(BUILTIN).join(', ')}`);
  const options = structuredClone(node.options ?? {});
  const validate = compileOptionsSchema(contribution.optionsSchema);
  if (!validate(options)) {
    throw new AffectFusionError(`${SPATIAL_TEMPORAL_TYPE}: the options of temporal pooler "${node.type}" are invalid:\n${formatIssues(issuesFromAjv(validate.errors, '/temporal/options'))}`);
  }
  return contribution.create(options, context!);
}

/** The temporal poolers of this package, by type, as plugin contributions. */
export const temporalPoolerContributions: Readonly<Record<string, Contribution<TemporalPooler>>> = {
  'affectfusion/average': {
    description: 'Average over valid frames (thesis eq. 2.7 baseline)',
    optionsSchema: noOptions,
    create: () => new MaskedReductionPooler('affectfusion/average', 'mean'),
  },
  'affectfusion/max': {
    description: 'Maximum over valid frames',
    optionsSchema: noOptions,
    create: () => new MaskedReductionPooler('affectfusion/max', 'max'),
  },
  [TEMPORAL_SOFTMAX_TYPE]: {
    description: "Temporal softmax pooling, the thesis's TP (eq. 2.5-2.6): per-frame class scores, one softmax over all (frame, class) pairs; pools to log p(c|S) for affectfusion/identity fusion",
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        outputs: outputsProperty,
        bias: { type: 'boolean', default: true, description: 'A bias per class in W_sm.' },
      },
    },
    create: (options: { outputs?: number; bias: boolean }, context) =>
      new TemporalSoftmaxPooler({ ...classifyingOutputs(TEMPORAL_SOFTMAX_TYPE, options, context), bias: options.bias }),
  },
  [CLASS_SOFTMAX_TYPE]: {
    description: 'Per-class softmax pooling over time with a temperature (scores weighted by softmax_f(o_cf/τ)); pools to class logits',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        outputs: outputsProperty,
        temperature: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'τ: → 0 approaches max pooling of the frame scores, → ∞ average pooling.' },
        bias: {
          type: 'boolean',
          default: true,
          description: 'A bias b_c per class in the frame classifier (o_cf = W·v_f + b_c); it adds b_c to the clip score s_c and leaves the frame weights w_cf unchanged.',
        },
      },
    },
    create: (options: { outputs?: number; temperature: number; bias: boolean }, context) =>
      new ClassSoftmaxPooler({ ...classifyingOutputs(CLASS_SOFTMAX_TYPE, options, context), temperature: options.temperature, bias: options.bias }),
  },
  [LSTM_TYPE]: {
    description: 'An LSTM over the frames (Table 2.2 baseline); pools to its last (or mean) hidden state',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        units: { type: 'integer', minimum: 1, default: 128, description: 'H, the width of the hidden state (the thesis does not give it).' },
        output: { enum: ['last', 'mean'], default: 'last', description: 'The state after the last valid frame, or the mean over valid frames.' },
      },
    },
    create: (options: { units: number; output: 'last' | 'mean' }) => new LstmPooler(options),
  },
  [ATTENTION_CLUSTERS_TYPE]: {
    description: 'An attention cluster with the shifting operation over the frames (Long et al. 2018)',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        units: { type: 'integer', minimum: 1, default: 2, description: 'N, the attention units.' },
        hidden: { type: 'integer', minimum: 0, default: 0, description: "0: one linear layer per unit's weights; > 0: a shared tanh layer of this width first." },
        shift: { type: 'boolean', default: true, description: 'The shifting operation (scale, shift, L2-normalise each unit).' },
      },
    },
    create: (options: { units: number; hidden: number; shift: boolean }) => new AttentionClusterPooler(options),
  },
  [SPATIAL_TEMPORAL_TYPE]: {
    description: "Chapter 2's [T, L, D] maps -> spatial aggregation per frame (multi-head attention eq. 2.2-2.4, attention clusters, average, max) -> a temporal pooler (TP by default)",
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        spatial: {
          type: 'object',
          description:
            'How each frame\'s L regions become one vector. attention: { heads (2), hidden U (350), penalty: { coefficient (1), squared (false) } }; ' +
            'attention-clusters: { units (2), hidden (0), shift (true) }; average; max.',
          default: { type: 'attention' },
          required: ['type'],
          additionalProperties: false,
          properties: {
            type: {
              enum: ['attention', 'attention-clusters', 'average', 'max'],
              description:
                "attention: multi-head spatial attention (eq. 2.2-2.4, Table 2.1's SA rows); attention-clusters: Long et al.'s attention cluster with shifting (the SHIFT row); average or max: over the L regions (the rows without SA).",
            },
            heads: {
              type: 'integer',
              minimum: 1,
              description: 'attention only: the number of heads, rows of W_s2 in eq. 2.4 (Table 2.1: 1, 2, 4), so that a frame becomes heads·D wide; default 2.',
            },
            hidden: {
              type: 'integer',
              minimum: 0,
              description:
                'attention: U, the rows of W_s1 in eq. 2.4, at least 1, default 350; attention-clusters: 0 (default) scores the regions with one linear map per unit, > 0 puts a shared tanh layer of this width first.',
            },
            penalty: {
              type: 'object',
              additionalProperties: false,
              description:
                'attention only: coefficient·‖A·Aᵀ − I‖_F (sec. 2.2.2, after Lin et al. 2017), averaged over valid frames and added to the loss to keep the heads apart; default { coefficient: 1, squared: false }.',
              properties: {
                coefficient: { type: 'number', minimum: 0, description: 'Weight of ‖A·Aᵀ − I‖ in the loss (Table 2.1: 0, 0.1, 1).' },
                squared: { type: 'boolean', description: 'false: the Frobenius norm, as the structured self-attention code; true: its square, as the paper writes it.' },
              },
            },
            units: {
              type: 'integer',
              minimum: 1,
              description: "attention-clusters only: N, the attention units (Table 2.1's SHIFT row: 2), so that a frame becomes N·D wide; default 2.",
            },
            shift: {
              type: 'boolean',
              description: "attention-clusters only: the shifting operation, each unit's output scaled, shifted and L2-normalised; default true.",
            },
          },
        },
        temporal: {
          type: 'object',
          description: 'The temporal pooler: { type, options } naming any pooler of the pipeline\'s plugins.',
          default: { type: TEMPORAL_SOFTMAX_TYPE },
          required: ['type'],
          additionalProperties: false,
          properties: {
            type: {
              type: 'string',
              minLength: 1,
              description:
                "Any pooler type of the pipeline's plugins other than affectfusion/spatial-temporal, run on the [T, D′] frame vectors (default affectfusion/temporal-softmax, the thesis's TP, eq. 2.5-2.6).",
            },
            options: { type: 'object', description: "That pooler's options, checked against its own options schema." },
          },
        },
      },
    },
    create: async (options: { spatial: Record<string, unknown>; temporal: { type: string; options?: Record<string, unknown> } }, context) =>
      new SpatialTemporalPooler(resolveSpatial(options.spatial), await createNestedPooler(options.temporal, context)),
  },
};

/** For use outside a pipeline (no registry): the contributions of this package. */
const BUILTIN: Readonly<Record<string, Contribution<TemporalPooler>>> = temporalPoolerContributions;
