using System.Runtime.CompilerServices;

// The hot paths use stackalloc scratch buffers that are always written before they are read; zeroing them on every
// call was a measurable part of the checksum's cost.
[module: SkipLocalsInit]
