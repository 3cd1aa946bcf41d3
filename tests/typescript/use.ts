// README: compiled by tests/test_typescript_types.py beside ./api.d.ts, which openapi-typescript generates from /api/schema/ (tsc --strict; run `npm ci` first).
import type { components, paths } from "./api";

type S = components["schemas"];
type JsonBody<T extends { requestBody?: unknown }> = NonNullable<T["requestBody"]> extends {
  content: { "application/json": infer B };
}
  ? B
  : never;

// Create, with a reader role: dashes in the account number, a nested deployment with only some fields.
const roleSource: S["LogSourceCreate"] = {
  endpoint: 1,
  aws_account_number: "1234-5678-9012",
  credential_type: "role",
  role_arn: "arn:aws:iam::123456789012:role/ArmorGuardDutyReader",
  regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
  deployment: { mode: "stackset", log_retention_days: 3, tags: { owner: "security" } },
};

// Create, with an IAM user's access keys and every region.
const keySource: S["LogSourceCreate"] = {
  endpoint: 1,
  aws_account_number: "123456789012",
  credential_type: "access_key",
  aws_access_key_id: "AKIAIOSFODNN7EXAMPLE",
  aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  regions: "all",
};

// PATCH: the regions alone, and the retention alone.
const regionsOnly: S["PatchedLogSource"] = { regions: ["us-east-1", "eu-west-1", "ap-southeast-2"] };
const retentionOnly: S["PatchedLogSource"] = { deployment: { log_retention_days: 7 } };

// The operations take these components as their JSON bodies.
const creates: JsonBody<paths["/api/v1/log-sources/"]["post"]>[] = [roleSource, keySource];
const patches: JsonBody<paths["/api/v1/log-sources/{id}/"]["patch"]>[] = [regionsOnly, retentionOnly];

// Reading a response: states are machine-readable codes (string literal unions), not free text.
type IsCode<T> = string extends T ? false : true;
function readBack(source: S["LogSource"]): [S["LogSource"]["status"], S["RegionState"]["collection_state"]] {
  const status: S["LogSource"]["status"] = source.status;
  const collection: S["RegionState"]["collection_state"] = source.region_states[0].collection_state;
  const statusIsCode: IsCode<typeof status> = true;
  const collectionIsCode: IsCode<typeof collection> = true;
  return statusIsCode && collectionIsCode ? [status, collection] : [status, collection];
}

export { creates, patches, readBack };
