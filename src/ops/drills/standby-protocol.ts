/** What a drill's platform process writes on stdout once its modules are loaded. */
export const LOADED_LINE_TEXT = 'jhanet-drill: modules loaded';
