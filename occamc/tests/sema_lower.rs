//! The checked IR that `sema::check` builds for small programs: constant
//! folding, hoisted PROCs and their free variables, the entry point,
//! literal typing, record layout and protocol ids.

use occamc::ir::{self, Const, ExprKind, Process, Type, VarKind};
use occamc::Options;

fn check(src: &str) -> ir::Program {
    let (program, diags, sources) = occamc::parse_source("t.occ", src, &Options::default());
    assert!(diags.is_empty(), "parse: {diags:?}");
    let (ir, diags) = occamc::sema::check(&program.expect("tree"), &sources);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "sema: {errors:?}");
    ir.expect("checked program")
}

fn errors(src: &str) -> Vec<&'static str> {
    let (program, diags, sources) = occamc::parse_source("t.occ", src, &Options::default());
    assert!(diags.is_empty(), "parse: {diags:?}");
    let (ir, diags) = occamc::sema::check(&program.expect("tree"), &sources);
    let codes: Vec<_> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(ir.is_none(), !codes.is_empty());
    codes
}

fn var(p: &ir::Program, name: &str) -> ir::VarId {
    let i = p.vars.iter().position(|v| v.name == name).expect("var");
    ir::VarId(i as u32)
}

#[test]
fn constants_fold_and_uses_become_constants() {
    let p = check("VAL INT n IS 3 * 4 :\nPROC q (INT x)\n  x := n + 1\n:\n");
    let n = var(&p, "n");
    assert_eq!(p.vars[n.index()].kind, VarKind::Constant);
    assert_eq!(p.vars[n.index()].value, Some(Const::Int(12)));
    let Process::Assign { values, .. } = &p.procs[0].body else {
        panic!("{:?}", p.procs[0].body)
    };
    assert_eq!(values[0].kind, ExprKind::Const(Const::Int(13)));
}

#[test]
fn nested_procs_are_hoisted_with_free_variables_and_callers_inherit_them() {
    let src = "\
PROC outer (INT r)
  INT acc :
  PROC add (VAL INT k)
    acc := acc + k
  :
  PROC twice ()
    SEQ
      add (1)
      add (1)
  :
  SEQ
    acc := 0
    twice ()
    r := acc
:
";
    let p = check(src);
    let names: Vec<&str> = p.procs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["outer", "add", "twice"]);
    let acc = var(&p, "acc");
    assert_eq!(p.procs[1].free_vars, vec![acc]);
    assert_eq!(
        p.procs[2].free_vars,
        vec![acc],
        "twice calls add, which uses acc"
    );
    assert!(p.procs[0].free_vars.is_empty());
    assert_eq!(p.entry, Some(ir::ProcId(0)), "entry is the last outer PROC");
}

#[test]
fn untyped_literals_take_the_operand_type() {
    let p = check("PROC q (INT16 h)\n  h := 1 + h\n:\n");
    let Process::Assign { values, .. } = &p.procs[0].body else {
        panic!()
    };
    let ExprKind::Binary(_, lr) = &values[0].kind else {
        panic!()
    };
    assert_eq!(lr[0].ty, Type::Int16);
    assert_eq!(values[0].ty, Type::Int16);
}

#[test]
fn records_are_laid_out_and_fields_resolved() {
    let src = "\
DATA TYPE R
  RECORD
    BYTE b :
    INT i :
:
PROC q (R r)
  r[i] := 3
:
";
    let p = check(src);
    assert_eq!(p.types[0].size, 8);
    let Process::Assign { targets, .. } = &p.procs[0].body else {
        panic!()
    };
    assert!(matches!(targets[0].kind, ExprKind::Field(_, 1)));
}

#[test]
fn equal_anonymous_protocols_share_an_id() {
    let p = check("PROC q (CHAN OF INT a, b)\n  INT x :\n  SEQ\n    a ? x\n    b ! x\n:\n");
    let ta = &p.vars[var(&p, "a").index()].ty;
    let tb = &p.vars[var(&p, "b").index()].ty;
    assert_eq!(ta, tb);
}

#[test]
fn string_tables_are_constant_bytes() {
    let p = check("VAL []BYTE s IS \"hi\" :\nPROC q (INT n)\n  n := SIZE s\n:\n");
    let s = var(&p, "s");
    assert_eq!(p.vars[s.index()].value, Some(Const::Bytes(b"hi".to_vec())));
    let Process::Assign { values, .. } = &p.procs[0].body else {
        panic!()
    };
    assert_eq!(values[0].kind, ExprKind::Const(Const::Int(2)));
}

#[test]
fn error_codes_by_pass() {
    assert_eq!(errors("PROC q ()\n  x := 1\n:\n"), ["E0501"]);
    assert_eq!(errors("PROC q (INT x, BYTE b)\n  x := b\n:\n"), ["E0601"]);
    assert_eq!(errors("VAL BYTE b IS 255 + 1 :\n"), ["E0703"]);
    assert_eq!(errors("PROC q (CHAN OF INT c)\n  c ! TRUE\n:\n"), ["E0601"]);
    assert_eq!(
        errors("PROTOCOL P IS INT; INT :\nPROC q (CHAN OF P c)\n  c ! 1\n:\n"),
        ["E0805"]
    );
}

#[test]
fn multi_result_intrinsics_append_their_targets() {
    let p = check("PROC q (INT hi, lo)\n  hi, lo := LONGPROD (2, 3, 0)\n:\n");
    let Process::IntrinsicCall {
        intrinsic, args, ..
    } = &p.procs[0].body
    else {
        panic!()
    };
    assert_eq!(intrinsic.0, "LONGPROD");
    assert_eq!(args.len(), 5);
}
