/* Equivalent mutants, by design: `s >= limit` and `s > limit - 1` return
 * limit exactly when s == limit, which is the same value. */
int clamp_add(int a, int b, int limit)
{
    int s = a + b;
    if (s > limit) {
        return limit;
    }
    return s;
}
