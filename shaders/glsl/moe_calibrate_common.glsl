// Shared by the calibration shaders of `moe-bench calibrate` (moe_calibrate_copy.comp,
// moe_calibrate_matrix.comp): buffers come through device addresses in the push constants, so
// neither needs descriptors, and the workgroup size is specialization constant 0.
#ifndef MOE_CALIBRATE_COMMON_GLSL
#define MOE_CALIBRATE_COMMON_GLSL

#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0) in;

#endif
