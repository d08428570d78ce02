/** One line naming the Node.js needed and how to get it, or undefined when this one will do (see node-check.js). */
export function nodeVersionProblem(version?: string): string | undefined
