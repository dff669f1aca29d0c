import { parser } from "@prometheus-io/lezer-promql";

/**
 * Syntax errors in a PromQL expression, found with the grammar Prometheus' own web UI uses. The parser is
 * error-tolerant: it always returns a tree and marks what it could not parse with error nodes.
 */
export function promqlSyntaxErrors(expr: string): string[] {
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter: (node) => {
            if (node.type.isError) {
                errors.push(`syntax error at offset ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 10), node.to + 10))}`);
            }
        },
    });
    return errors;
}
