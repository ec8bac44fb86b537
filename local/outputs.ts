import { type IntrinsicContext, resolveValue } from './intrinsics';
import type { CfnTemplate } from './template';

/**
 * The template's Outputs with local values (config-json.ts builds `/config.json` from them, as the
 * deploy does from the real stack's outputs). An API's AWS URL
 * (`https://<id>.execute-api.<region>.amazonaws.com`) becomes the local URL of that API.
 */
export function localOutputs(
  template: CfnTemplate,
  ctx: IntrinsicContext,
  apiUrls: Record<string, { apiId: string; url: string }>,
): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    let value = String(resolveValue(output.Value, ctx));
    for (const { apiId, url } of Object.values(apiUrls)) {
      value = value.replace(
        new RegExp(`^https://${apiId}\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com`),
        url,
      );
    }
    outputs[name] = value;
  }
  return outputs;
}
