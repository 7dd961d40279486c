#!/usr/bin/env python3
# Reports import cycles between sibling modules of src/ (A uses B and B uses A, where
# neither is the other's ancestor; parent/child edges are fine). Edges are the
# crate::/super::/self:: paths of each file, comments left out. Exit 1 on a cycle.
# Usage: python3 scripts/module-cycles.py   (from the repository root)
import os, re, sys
root='src'
# module path of each file
def modpath(f):
    p=f[len('src/'):-3].split('/')
    if p[-1] in('mod','lib'): p=p[:-1]
    return p
files=[os.path.join(d,f) for d,_,fs in os.walk(root) for f in fs if f.endswith('.rs')]
mods={tuple(modpath(f)):f for f in files}
edges=set()
for m,f in mods.items():
    src=open(f).read()
    # strip comments
    src=re.sub(r'//[^\n]*','',src)
    refs=set()
    for mm in re.finditer(r'\b(crate|super|self)((?:::\w+)+)',src):
        head,rest=mm.group(1),mm.group(2).split('::')[1:]
        if head=='crate': base=[]
        elif head=='super':
            base=list(m[:-1]) if not f.endswith('mod.rs') else list(m[:-1])
            # chains of super
            while rest and rest[0]=='super': base=base[:-1]; rest=rest[1:]
        else: base=list(m)
        path=base+rest
        # longest prefix that is a module
        best=None
        for i in range(len(path),0,-1):
            if tuple(path[:i]) in mods: best=tuple(path[:i]);break
        # also handle `use super::{a,b}` 
        if best: refs.add(best)
    for mm in re.finditer(r'\b(crate|super)((?:::\w+)*)::\{([^}]*)\}',src):
        head=mm.group(1); rest=[x for x in mm.group(2).split('::') if x]
        base=[] if head=='crate' else list(m[:-1])
        for item in mm.group(3).split(','):
            item=item.strip().split('::')[0].split(' ')[0]
            if item in('self',''): p=base+rest
            else: p=base+rest+[item]
            for i in range(len(p),0,-1):
                if tuple(p[:i]) in mods: refs.add(tuple(p[:i]));break
    for r in refs:
        if r!=m: edges.add((m,r))
# sibling-level cycles: reduce each edge to the pair of sibling ancestors
def sib(a,b):
    i=0
    while i<min(len(a),len(b)) and a[i]==b[i]: i+=1
    if i==len(a) or i==len(b): return None # parent/child
    return (a[:i+1],b[:i+1])
sg={}
for a,b in edges:
    s=sib(a,b)
    if s: sg.setdefault(s[0],{}).setdefault(s[1],[]).append(('::'.join(a),'::'.join(b)))
found=0
for a in sg:
    for b in sg[a]:
        if a<b and b in sg and a in sg[b]:
            found+=1
            print('CYCLE','::'.join(a),'<->','::'.join(b))
            print('   ',sg[a][b][:4]); print('   ',sg[b][a][:4])
print(found,'cycles')
sys.exit(1 if found else 0)
