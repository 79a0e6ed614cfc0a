/**
 * The IAM policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy, with AWS's request
 * and response shapes (botocore data/iam/2010-05-08/service-2.json: SimulateCustomPolicyRequest,
 * SimulatePrincipalPolicyRequest, SimulatePolicyResponse). Every (action, resource) pair becomes
 * one EvaluationResult, in request order, paginated with MaxItems/Marker.
 *
 * Beyond AWS (whose simulator ignores trust policies, aws/aws-cli#10314): SimulatePrincipalPolicy
 * on a role, for sts:AssumeRoleWithWebIdentity with an OIDC provider ARN as CallerArn, evaluates
 * the role's trust policy for that federated principal — the question the tutorial's users ask.
 */
import type { QueryParams } from '../aws/query-params.js';
import { isAwsError } from '../aws/error.js';
import type { ActionHandler } from '../aws/service.js';
import { XmlMap, type WireStruct } from '../aws/shape.js';
import {
  compilePolicy,
  evaluate,
  type CompiledPolicy,
  type ContextValue,
  type EvaluationInput,
  type EvaluationResult,
  type MatchedStatement,
  type RequestContext,
} from '../policy/index.js';
import { ARN, iamError, readInputs, type Inputs, type ListConstraint, type StringConstraint } from './inputs.js';
import { pageTail, paginate, readPaging, type Paging } from './pagination.js';

/** What SimulatePrincipalPolicy needs to know about a principal (the IAM team wires it to the store). */
export interface SimulationPolicySource {
  identityPolicies: Array<{ id: string; type: 'role' | 'user-managed' | 'aws-managed'; document: string }>;
  trustPolicy?: string;
  /** The principal's permissions boundary, which caps what its policies allow. */
  permissionsBoundary?: { id: string; document: string };
}

export type SimulationPolicyLookup = (policySourceArn: string) => Promise<SimulationPolicySource | undefined>;

// --- model constraints --------------------------------------------------------------------------

const POLICY_DOCUMENT: StringConstraint = { min: 1, max: 131072 };
const POLICY_LIST: ListConstraint = {
  member: POLICY_DOCUMENT,
  memberConstraintText: '[Member must have length less than or equal to 131072, Member must have length greater than or equal to 1]',
};
const ACTION_NAMES: ListConstraint = {
  member: { min: 3, max: 128 },
  memberConstraintText: '[Member must have length less than or equal to 128, Member must have length greater than or equal to 3]',
};
const RESOURCE_ARNS: ListConstraint = {
  member: { min: 1, max: 2048 },
  memberConstraintText: '[Member must have length less than or equal to 2048, Member must have length greater than or equal to 1]',
};
const RESOURCE_NAME: StringConstraint = { min: 1, max: 2048 };
const RESOURCE_HANDLING_OPTION: StringConstraint = { min: 1, max: 64 };
const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;
type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

// --- inputs -------------------------------------------------------------------------------------

interface SimulationRequest {
  policyInputs: string[];
  boundaryInputs: string[];
  actions: string[];
  resources: string[];
  resourcePolicy?: string;
  callerArn?: string;
  context: RequestContext;
  paging: Paging;
}

function readSimulation(inputs: Inputs, params: QueryParams, policiesRequired: boolean): SimulationRequest {
  const policyInputs = inputs.list('PolicyInputList', POLICY_LIST, policiesRequired) ?? [];
  const boundaryInputs = inputs.list('PermissionsBoundaryPolicyInputList', POLICY_LIST) ?? [];
  const actions = inputs.list('ActionNames', ACTION_NAMES, true) ?? [];
  const resources = inputs.list('ResourceArns', RESOURCE_ARNS) ?? [];
  const resourcePolicy = inputs.optional('ResourcePolicy', POLICY_DOCUMENT);
  inputs.optional('ResourceOwner', RESOURCE_NAME);
  const callerArn = inputs.optional('CallerArn', RESOURCE_NAME);
  inputs.optional('ResourceHandlingOption', RESOURCE_HANDLING_OPTION);
  const paging = readPaging(inputs);
  const out: SimulationRequest = {
    policyInputs,
    boundaryInputs,
    actions,
    resources: resources.length > 0 ? resources : ['*'],
    context: readContextEntries(params),
    paging,
  };
  if (resourcePolicy !== undefined) out.resourcePolicy = resourcePolicy;
  if (callerArn !== undefined) out.callerArn = callerArn;
  return out;
}

/** ContextEntries → request context, typed by ContextKeyType (string when absent). */
function readContextEntries(params: QueryParams): RequestContext {
  const context: Record<string, ContextValue> = {};
  for (const [i, entry] of (params.members('ContextEntries') ?? []).entries()) {
    const name = entry.string('ContextKeyName');
    const typeText = entry.string('ContextKeyType') ?? 'string';
    if (!(CONTEXT_KEY_TYPES as readonly string[]).includes(typeText)) {
      throw iamError.validation(
        `1 validation error detected: Value '${typeText}' at 'contextEntries.${i + 1}.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]`,
      );
    }
    if (name === undefined) continue;
    const type = typeText as ContextKeyType;
    const values = (entry.list('ContextKeyValues') ?? []).map((v) => typedValue(type, v));
    context[name] = type.endsWith('List') ? values : (values[0] ?? '');
  }
  return context;
}

function typedValue(type: ContextKeyType, text: string): string | number | boolean {
  if (type.startsWith('numeric')) {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (type.startsWith('boolean')) return text.toLowerCase() === 'true';
  return text;
}

// --- evaluation ---------------------------------------------------------------------------------

/** A policy in the simulation with the SourcePolicyType AWS reports for it. */
interface SourcedPolicy {
  policy: CompiledPolicy;
  type: string;
}

interface Simulation {
  identity: SourcedPolicy[];
  boundaries: SourcedPolicy[];
  resourcePolicy?: SourcedPolicy;
  /** When set, the role's trust policy decides sts:AssumeRoleWithWebIdentity for this provider. */
  webIdentity?: { trust: SourcedPolicy; providerArn: string; roleArn: string };
  callerArn?: string;
  context: RequestContext;
  /** SimulatePrincipalPolicy reports the (absent, so allowing) organization SCPs; SimulateCustomPolicy does not. */
  reportsOrganizations?: boolean;
}

const inputList = (documents: string[], name: string): SourcedPolicy[] =>
  documents.map((doc, i) => ({ policy: compileInput(doc, 'identity', `${name}.${i + 1}`), type: 'none' }));

/**
 * A policy given in the request. The simulators' errors (botocore data/iam/2010-05-08/service-2.json:
 * SimulateCustomPolicy and SimulatePrincipalPolicy) are InvalidInput, NoSuchEntity and
 * PolicyEvaluation, never MalformedPolicyDocument: a bad document is InvalidInput, with the
 * validator's sentence (UNVERIFIED wording).
 */
function compileInput(document: string, kind: 'identity' | 'resource', id: string): CompiledPolicy {
  try {
    return compilePolicy(document, kind, id);
  } catch (err) {
    if (isAwsError(err) && err.code === 'MalformedPolicyDocument') throw iamError.invalidInput(err.message);
    throw err;
  }
}

function simulateOne(sim: Simulation, action: string, resource: string): WireStruct {
  const types = new Map<string, string>();
  for (const s of [...sim.identity, ...sim.boundaries, ...(sim.resourcePolicy ? [sim.resourcePolicy] : [])]) types.set(s.policy.id, s.type);

  let input: EvaluationInput;
  if (sim.webIdentity && action.toLowerCase() === 'sts:assumerolewithwebidentity') {
    const { trust, providerArn, roleArn } = sim.webIdentity;
    types.set(trust.policy.id, trust.type);
    input = {
      request: { action, resource: resource === '*' ? roleArn : resource, principal: { type: 'Federated', id: providerArn }, context: sim.context },
      identityPolicies: [],
      trustPolicy: trust.policy,
    };
  } else {
    input = {
      request: { action, resource, context: sim.context, ...(sim.callerArn ? { principal: { type: 'AWS' as const, id: sim.callerArn } } : {}) },
      identityPolicies: sim.identity.map((s) => s.policy),
      permissionsBoundaries: sim.boundaries.map((s) => s.policy),
      ...(sim.resourcePolicy ? { resourcePolicy: sim.resourcePolicy.policy } : {}),
    };
  }
  const result = evaluate(input);
  const statements = result.matchedStatements.map((m) => statementToWire(m, types.get(m.policyId) ?? 'none'));
  const out: WireStruct = {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: result.decision,
    MatchedStatements: statements,
    MissingContextValues: result.missingContextValues,
  };
  // A standalone account has no service control policy to deny anything (recorded AWS response, issue 13).
  if (sim.reportsOrganizations === true) out['OrganizationsDecisionDetail'] = { AllowedByOrganizations: true };
  if (sim.boundaries.length > 0 && !input.trustPolicy) {
    const boundary = evaluate({ request: input.request, identityPolicies: sim.boundaries.map((s) => s.policy) });
    out['PermissionsBoundaryDecisionDetail'] = { AllowedByPermissionsBoundary: boundary.decision === 'allowed' };
  }
  if (sim.resourcePolicy && !input.trustPolicy) out['EvalDecisionDetails'] = decisionDetails(input, result);
  else if (resource !== '*') out['EvalDecisionDetails'] = new XmlMap([]);
  if (resource !== '*') {
    out['ResourceSpecificResults'] = [
      {
        EvalResourceName: resource,
        EvalResourceDecision: result.decision,
        MatchedStatements: statements,
        MissingContextValues: result.missingContextValues,
      },
    ];
  }
  return out;
}

/** How each policy type contributed, as the EvalDecisionDetails map reports it. */
function decisionDetails(input: EvaluationInput, combined: EvaluationResult): XmlMap {
  const identity = evaluate({ request: input.request, identityPolicies: input.identityPolicies });
  const resource = input.resourcePolicy
    ? evaluate({ request: input.request, identityPolicies: [], trustPolicy: input.resourcePolicy })
    : combined;
  return new XmlMap([
    ['IAM Policy', identity.decision],
    ['Resource Policy', resource.decision],
  ]);
}

/**
 * AWS's columns are one higher than the 1-based columns of the statement's braces for the same
 * text (a recorded SimulatePrincipalPolicy response, issue 13): IAM reports where its JSON reader
 * stands after reading `{` and after reading `}`, as Jackson's current location does.
 */
function statementToWire(m: MatchedStatement, type: string): WireStruct {
  return {
    SourcePolicyId: m.policyId,
    SourcePolicyType: type,
    StartPosition: { Line: m.start.line, Column: m.start.column + 1 },
    EndPosition: { Line: m.end.line, Column: m.end.column + 1 },
  };
}

function respond(sim: Simulation, request: SimulationRequest): WireStruct {
  const pairs: Array<[number, string, string]> = [];
  for (const action of request.actions) for (const resource of request.resources) pairs.push([pairs.length, action, resource]);
  // Keys are zero-padded positions, so the shared marker scheme pages in request order.
  const page = paginate(pairs, ([i]) => String(i).padStart(10, '0'), request.paging);
  return {
    EvaluationResults: page.items.map(([, action, resource]) => simulateOne(sim, action, resource)),
    ...pageTail(page),
  };
}

// --- handlers -----------------------------------------------------------------------------------

/** SimulateCustomPolicy: the policies come in the request. */
export const simulateCustomPolicy: ActionHandler = async (params) => {
  const request = readInputs(params, (inputs) => readSimulation(inputs, params, true));
  const sim: Simulation = {
    identity: inputList(request.policyInputs, 'PolicyInputList'),
    boundaries: inputList(request.boundaryInputs, 'PermissionsBoundaryPolicyInputList'),
    context: request.context,
  };
  if (request.resourcePolicy !== undefined) {
    sim.resourcePolicy = { policy: compileInput(request.resourcePolicy, 'resource', 'ResourcePolicy'), type: 'resource' };
  }
  if (request.callerArn !== undefined) sim.callerArn = request.callerArn;
  return respond(sim, request);
};

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider\/.+$/;
/** An IAM user, group or role ARN; anything else (an assumed-role session, say) names no entity. */
const NAMED_ENTITY_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:(user|group|role)\/.+$/;

/** SimulatePrincipalPolicy: the policies of the principal named by PolicySourceArn, via `lookup`. */
export function simulatePrincipalPolicy(lookup: SimulationPolicyLookup): ActionHandler {
  return async (params) => {
    const { request, sourceArn } = readInputs(params, (inputs) => ({
      sourceArn: inputs.required('PolicySourceArn', ARN),
      request: readSimulation(inputs, params, false),
    }));
    if (!NAMED_ENTITY_ARN.test(sourceArn)) throw iamError.invalidInput(`Invalid Entity Arn: ${sourceArn} does not clearly define entity type and name.`);
    const source = await lookup(sourceArn);
    if (!source) throw iamError.noSuchEntity(notFoundMessage(sourceArn));
    const sim: Simulation = {
      identity: [
        // AWS labels a principal's own policies "IAM Policy", whatever the model's enum says (recorded response, issue 13).
        ...source.identityPolicies.map((p) => ({ policy: compilePolicy(p.document, 'identity', p.id), type: 'IAM Policy' })),
        ...inputList(request.policyInputs, 'PolicyInputList'),
      ],
      boundaries: [
        ...(source.permissionsBoundary ? [{ policy: compilePolicy(source.permissionsBoundary.document, 'identity', source.permissionsBoundary.id), type: 'IAM Policy' }] : []),
        ...inputList(request.boundaryInputs, 'PermissionsBoundaryPolicyInputList'),
      ],
      context: request.context,
      reportsOrganizations: true,
    };
    // A resource policy is checked against the caller, which defaults to the simulated principal.
    sim.callerArn = request.callerArn ?? sourceArn;
    if (request.callerArn !== undefined && OIDC_PROVIDER_ARN.test(request.callerArn) && source.trustPolicy !== undefined) {
      sim.webIdentity = {
        trust: { policy: compilePolicy(source.trustPolicy, 'trust', 'AssumeRolePolicyDocument'), type: 'resource' },
        providerArn: request.callerArn,
        roleArn: sourceArn,
      };
    }
    return respond(sim, request);
  };
}

/** "The role with name X cannot be found." (GetRole's text in LocalStack's test_iam_roles.snapshot.json). */
function notFoundMessage(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const [kind = '', ...rest] = resource.split('/');
  const name = rest[rest.length - 1] ?? resource;
  return kind === 'user' ? `The user with name ${name} cannot be found.` : `The role with name ${name} cannot be found.`;
}

/** The simulator's rows for the IAM action table. */
export function simulatorActions(lookup: SimulationPolicyLookup): Record<string, ActionHandler> {
  return { SimulateCustomPolicy: simulateCustomPolicy, SimulatePrincipalPolicy: simulatePrincipalPolicy(lookup) };
}
