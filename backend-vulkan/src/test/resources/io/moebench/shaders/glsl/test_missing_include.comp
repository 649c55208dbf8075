#version 460
// Test resource: an #include the class path cannot resolve (SpirvCompilerTest).
#include "no_such_header.glsl"
layout(local_size_x = 1) in;
void main() {}
