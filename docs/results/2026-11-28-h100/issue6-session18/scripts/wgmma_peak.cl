// Session 18 probe (not part of the build): the throughput of Hopper's warpgroup MMA (wgmma, sm_90a only) through
// NVIDIA's OpenCL driver, as PTX that clang-19 compiles (nvcl triple, -march=sm_90a) and bench's program cache hands
// to clCreateProgramWithBinary in place of moe_calibrate.cl's moe_peak. Same signature and work as moe_peak on the
// NVIDIA path (work-groups of 256, CHAINS 8 x ITERS 1024 m16n8k16 per warp = 256 m64n256k16 per warpgroup), so
// `calibrate` reports its TFLOP/s. A from registers, B (16 x 256 bf16) from local memory by a descriptor without
// swizzle; the values do not matter to the rate.
#define N_WG 256
__kernel __attribute__((reqd_work_group_size(N_WG, 1, 1)))
void moe_peak(__global float* out, uint seed) {
  __local uint b_tile[16 * 256 / 2];
  const int lid = (int)__nvvm_read_ptx_sreg_tid_x();
  for (int i = lid; i < 16 * 256 / 2; i += N_WG) {
    b_tile[i] = 0x3f803f80u * seed;
  }
  __nvvm_bar_sync(0);
  const uint a0 = 0x3f803f80u * seed, a1 = a0 + seed, a2 = a1 + seed, a3 = a2 + seed;
  const ulong addr = (ulong)(uint)(size_t)b_tile;
  // start >> 4 in bits 0-13, leading byte offset 128 >> 4 at 16, stride byte offset 256 >> 4 at 32, no swizzle
  const ulong desc = ((addr & 0x3ffff) >> 4) | ((ulong)(128 >> 4) << 16) | ((ulong)(256 >> 4) << 32);
  float d[128];
  for (int e = 0; e < 128; e++) {
    d[e] = 0.0f;
  }
  __asm__ volatile("wgmma.fence.sync.aligned;" ::: "memory");
  for (int i = 0; i < MOE_CAL_ITERS * MOE_CAL_CHAINS / 32; i++) {
    __asm__ volatile("wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16 {%0,%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,%14,%15,%16,%17,%18,%19,%20,%21,%22,%23,%24,%25,%26,%27,%28,%29,%30,%31,%32,%33,%34,%35,%36,%37,%38,%39,%40,%41,%42,%43,%44,%45,%46,%47,%48,%49,%50,%51,%52,%53,%54,%55,%56,%57,%58,%59,%60,%61,%62,%63,%64,%65,%66,%67,%68,%69,%70,%71,%72,%73,%74,%75,%76,%77,%78,%79,%80,%81,%82,%83,%84,%85,%86,%87,%88,%89,%90,%91,%92,%93,%94,%95,%96,%97,%98,%99,%100,%101,%102,%103,%104,%105,%106,%107,%108,%109,%110,%111,%112,%113,%114,%115,%116,%117,%118,%119,%120,%121,%122,%123,%124,%125,%126,%127}, {%128,%129,%130,%131}, %132, 1, 1, 1, 0;"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]), "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]), "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]), "+f"(d[72]), "+f"(d[73]), "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]), "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]), "+f"(d[86]), "+f"(d[87]), "+f"(d[88]), "+f"(d[89]), "+f"(d[90]), "+f"(d[91]), "+f"(d[92]), "+f"(d[93]), "+f"(d[94]), "+f"(d[95]), "+f"(d[96]), "+f"(d[97]), "+f"(d[98]), "+f"(d[99]), "+f"(d[100]), "+f"(d[101]), "+f"(d[102]), "+f"(d[103]), "+f"(d[104]), "+f"(d[105]), "+f"(d[106]), "+f"(d[107]), "+f"(d[108]), "+f"(d[109]), "+f"(d[110]), "+f"(d[111]), "+f"(d[112]), "+f"(d[113]), "+f"(d[114]), "+f"(d[115]), "+f"(d[116]), "+f"(d[117]), "+f"(d[118]), "+f"(d[119]), "+f"(d[120]), "+f"(d[121]), "+f"(d[122]), "+f"(d[123]), "+f"(d[124]), "+f"(d[125]), "+f"(d[126]), "+f"(d[127])
        : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "l"(desc));
  }
  __asm__ volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
  __asm__ volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory");
  float sum = 0.0f;
  for (int e = 0; e < 128; e++) {
    sum += d[e];
  }
  out[(int)__nvvm_read_ptx_sreg_ctaid_x() * N_WG + lid] = sum;
}
