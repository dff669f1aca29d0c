/**
 * AWS IAM policy evaluation on permissive data, shared by the policy pack and the "who can read what" table.
 * Entry points: {@link evaluateAwsRequest} / {@link explainAwsRequest}; the action catalogue
 * ({@link expandAwsActions}, {@link awsActionDetails}, {@link awsResourceArnFormats}); AWS managed policy documents
 * ({@link awsManagedPolicyDocument}).
 */
export { awsActionDetails, awsResourceArnFormats, awsServices, expandAwsActions } from "./actionCatalogue";
export type { AwsContextValue, AwsRequestContext, UnknownKeys } from "./context";
export { evaluateAwsRequest, explainAwsRequest } from "./evaluate";
export type { AwsDecision, AwsEvaluation, AwsEvaluationOptions, AwsPolicies, AwsPrincipal, AwsRequest, StatementRef } from "./evaluate";
export { awsManagedPolicyDocument, awsManagedPolicyName } from "./managedPolicies";
export { arnMatches } from "./patterns";
export type { PolicyDocument, PolicyDocumentInput, PolicyStatement } from "./policyDocument";
export { statementsOf } from "./policyDocument";
