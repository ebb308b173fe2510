namespace RedDino.MLNet.Evaluation;

/// <summary>numpy's legacy <c>RandomState(seed)</c> (MT19937 seeded with an integer) and its 1-D
/// <c>shuffle</c>, reproduced so that seeded stratified folds equal scikit-learn's
/// <c>StratifiedKFold(shuffle=True, random_state=seed)</c>. Only what that needs is here.</summary>
internal sealed class NumpyLegacyRandom
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private readonly uint[] _state = new uint[StateLength];
    private int _position;

    /// <summary>numpy's <c>mt19937_seed</c> (Matsumoto and Nishimura's init_genrand).</summary>
    public NumpyLegacyRandom(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
            _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _position = StateLength;
    }

    /// <summary>The next 32-bit output of MT19937 (tempered).</summary>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
            Regenerate();
        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's <c>random_interval(max)</c>: uniform in [0, max] by masked rejection
    /// (32-bit draws; every bound used here fits in 32 bits).</summary>
    public uint NextInterval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>numpy's legacy <c>RandomState.shuffle</c> of a 1-D array (Fisher-Yates from the end).</summary>
    public void Shuffle<T>(T[] values)
    {
        for (var i = values.Length - 1; i >= 1; i--)
        {
            var j = (int)NextInterval((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private void Regenerate()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
        for (var i = 0; i < StateLength; i++)
        {
            var y = (_state[i] & upper) | (_state[(i + 1) % StateLength] & lower);
            _state[i] = _state[(i + Shift) % StateLength] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0);
        }
        _position = 0;
    }
}
