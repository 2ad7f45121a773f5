int clamp_add(int a, int b, int limit);

int main(void)
{
    return !(clamp_add(1, 2, 10) == 3 && clamp_add(5, 6, 10) == 10 && clamp_add(-4, 1, 10) == -3);
}
