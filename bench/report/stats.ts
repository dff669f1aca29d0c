/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
    if (values.length === 0) {
        throw new Error("median of no values");
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The growth exponent over one step: 1 when time grows like N, 2 when it grows like N². */
export function growthExponent(fromN: number, fromValue: number, toN: number, toValue: number): number {
    return Math.log(toValue / fromValue) / Math.log(toN / fromN);
}
