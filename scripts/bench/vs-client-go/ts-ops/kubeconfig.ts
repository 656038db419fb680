import { KubeConfig } from '@kubernetes/client-node';

/** The admin KubeConfig, as the workbook's code gets it. */
export function kubeConfig(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}
