declare module 'virtual:tessera-kit' {
  import type { KitTemplate } from '../lib/core/kit/kitFile';
  const template: KitTemplate;
  export default template;
}
