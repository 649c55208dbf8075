#!/usr/bin/env python3
"""A/B of device-ab.sh results: BASE1 NEW1 BASE2 NEW2 (results folders of one call). Per point the two runs of each
build, base/new speedup of the means, new floor % and tile; then the median, range and base-vs-base noise."""
import csv,sys,statistics as st
def load(d):
    return {(r['gemm'],r['archetype'],int(r['T'])):r for r in csv.DictReader(open(d+'/results.csv'))}
b1,n1,b2,n2=[load(d) for d in sys.argv[1:5]]
rat=[];noise=[]
for k in sorted(b1):
    bb=(float(b1[k]['kernel_us'])+float(b2[k]['kernel_us']))/2; nn=(float(n1[k]['kernel_us'])+float(n2[k]['kernel_us']))/2
    r=bb/nn; rat.append(r); nz=abs(float(b1[k]['kernel_us'])/float(b2[k]['kernel_us'])-1); noise.append(nz)
    print(f"{k[0]} {k[1]:9s} {k[2]:5d} base {float(b1[k]['kernel_us']):7.1f} {float(b2[k]['kernel_us']):7.1f} new {float(n1[k]['kernel_us']):7.1f} {float(n2[k]['kernel_us']):7.1f}  {r:5.3f}x  floor% {float(n1[k]['floor_pct']):4.1f}  {n1[k]['config'][-40:]}")
print("median %.3f min %.3f max %.3f; base noise median %.2f%% max %.2f%%"%(st.median(rat),min(rat),max(rat),100*st.median(noise),100*max(noise)))
