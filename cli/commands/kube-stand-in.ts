/** `edgetwin kube-stand-in`: the small Kubernetes API stand-in (connectors/kubernetes/stand-in), for trying the Kubernetes connector where no API server installs. */
export { register } from '../../connectors/kubernetes/stand-in/command.ts';
