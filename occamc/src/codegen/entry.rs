//! The program's entry wrapper `main`, built as IR and compiled like any PROC.
//!
//! If the entry PROC takes three BYTE channels (keyboard, screen, error), the wrapper
//! declares three soft channels and runs, in PAR:
//! - a keyboard process: forever, input one byte from link 0's input channel word
//!   (#80000010) and output it on `keyboard`. It is *detached*: not counted in the
//!   PAR's join, so a program that never reads the keyboard still finishes (the
//!   process is simply left blocked when `main` returns);
//! - the user's PROC, followed by a byte on an internal `stop` channel;
//! - a multiplexer: PRI ALT over `screen`, `error`, `stop`; each byte b from screen
//!   or error goes out on link 0 (#80000000) as the two-byte frame `[1, b]` (screen)
//!   or `[2, b]` (error); `stop` ends it.
//!
//! When both joined branches are done the wrapper sends the frame `[0, 0]` ("program
//! finished") on link 0 and returns. Other entry signatures: a PROC without
//! parameters is called directly and nothing is sent on link 0.

use crate::diag::{Diagnostic, Span};
use crate::ir::*;

/// Link 0 output and input channel words.
const LINK0_OUT: u32 = 0x8000_0000;
const LINK0_IN: u32 = 0x8000_0010;

struct B<'p> {
    prog: &'p mut Program,
}

impl B<'_> {
    fn var(&mut self, name: &str, ty: Type, kind: VarKind, placed: Option<u32>) -> VarId {
        self.prog.vars.push(VarInfo {
            name: name.into(),
            ty,
            kind,
            placed_at: placed,
            value: None,
            span: Span::default(),
        });
        VarId(self.prog.vars.len() as u32 - 1)
    }
}

fn e(kind: ExprKind, ty: Type) -> Expr {
    Expr {
        kind,
        ty,
        span: Span::default(),
    }
}
fn v(id: VarId, ty: Type) -> Expr {
    e(ExprKind::Var(id), ty)
}
fn byte(n: i64) -> Expr {
    e(ExprKind::Const(Const::Int(n)), Type::Byte)
}
fn boolean(b: bool) -> Expr {
    e(ExprKind::Const(Const::Bool(b)), Type::Bool)
}
fn assign(t: Expr, x: Expr) -> Process {
    Process::Assign {
        targets: vec![t],
        values: vec![x],
        span: Span::default(),
    }
}

/// True if `ty` is `CHAN OF BYTE` (possibly through a named protocol).
fn is_byte_chan(prog: &Program, ty: &Type) -> bool {
    match ty {
        Type::Chan(p) => matches!(
            prog.protocols.get(p.index()),
            Some(Protocol::Sequential(items)) if items.as_slice() == [ProtoItem::Value(Type::Byte)]
        ),
        _ => false,
    }
}

/// Adds the wrapper PROC to `prog`; returns its id and whether it runs the
/// keyboard/screen/error harness (whose first PAR detaches its first branch).
pub fn add_wrapper(prog: &mut Program) -> Result<(ProcId, bool), Box<Diagnostic>> {
    let Some(entry) = prog.entry else {
        return Err(Box::new(Diagnostic::error(
            "E1003",
            Span::default(),
            "the program has no PROC to run (the entry is the last PROC of the main file)",
        )));
    };
    let p = prog.procs.get(entry.index()).cloned().ok_or_else(|| {
        Diagnostic::error(
            "E1003",
            Span::default(),
            "internal: entry PROC out of range",
        )
    })?;
    let io = p.params.len() == 3
        && p.results.is_empty()
        && p.params.iter().all(|q| {
            q.mode == ParamMode::Chan
                && prog
                    .vars
                    .get(q.var.index())
                    .is_some_and(|v| is_byte_chan(prog, &v.ty))
        });
    if !io && (!p.params.is_empty() || !p.results.is_empty()) {
        return Err(Box::new(Diagnostic::error(
            "E1004",
            p.span,
            format!(
                "the entry PROC `{}` must take no parameters or three BYTE channels \
                 (keyboard, screen, error)",
                p.name
            ),
        )));
    }
    let body = if io {
        harness(prog, entry, &p)
    } else {
        Process::Call {
            proc_id: entry,
            args: vec![],
            span: p.span,
        }
    };
    prog.procs.push(Proc {
        name: "main".into(),
        params: vec![],
        free_vars: vec![],
        results: vec![],
        body,
        result: vec![],
        inline: false,
        external: false,
        span: p.span,
    });
    Ok((ProcId(prog.procs.len() as u32 - 1), io))
}

fn harness(prog: &mut Program, entry: ProcId, p: &Proc) -> Process {
    let chan_ty = prog.vars[p.params[0].var.index()].ty.clone();
    prog.protocols.push(Protocol::Any);
    let any = Type::Chan(ProtocolId(prog.protocols.len() as u32 - 1));
    let frame_ty = Type::Array(Some(2), std::rc::Rc::new(Type::Byte));
    let mut b = B { prog };
    let kyb = b.var("keyboard", chan_ty.clone(), VarKind::Channel, None);
    let scr = b.var("screen", chan_ty.clone(), VarKind::Channel, None);
    let err = b.var("error", chan_ty.clone(), VarKind::Channel, None);
    let stop = b.var("stop", chan_ty.clone(), VarKind::Channel, None);
    let link_in = b.var(
        "link0.in",
        chan_ty.clone(),
        VarKind::Channel,
        Some(LINK0_IN),
    );
    let link_out = b.var("link0.out", any.clone(), VarKind::Channel, Some(LINK0_OUT));
    let kb = b.var("kb", Type::Byte, VarKind::Local, None);
    let ch = b.var("ch", Type::Byte, VarKind::Local, None);
    let frame = b.var("frame", frame_ty.clone(), VarKind::Local, None);
    let running = b.var("running", Type::Bool, VarKind::Local, None);
    let chan = |id| v(id, chan_ty.clone());
    let elem = |k: i64| {
        e(
            ExprKind::Index(Box::new([
                v(frame, frame_ty.clone()),
                e(ExprKind::Const(Const::Int(k)), Type::Int),
            ])),
            Type::Byte,
        )
    };
    let send = |a: Expr, c: Expr| {
        Process::Seq(vec![
            assign(elem(0), a),
            assign(elem(1), c),
            Process::Output {
                chan: v(link_out, any.clone()),
                items: vec![OutItem::Value(v(frame, frame_ty.clone()))],
                span: Span::default(),
            },
        ])
    };
    let input = |c: VarId, x: VarId| Process::Input {
        chan: chan(c),
        items: vec![InItem::Value(v(x, Type::Byte))],
        span: Span::default(),
    };
    let keyboard = Process::While(
        boolean(true),
        Box::new(Process::Seq(vec![
            input(link_in, kb),
            Process::Output {
                chan: chan(kyb),
                items: vec![OutItem::Value(v(kb, Type::Byte))],
                span: Span::default(),
            },
        ])),
    );
    let user = Process::Seq(vec![
        Process::Call {
            proc_id: entry,
            args: [kyb, scr, err]
                .iter()
                .map(|&c| Actual::Ref(chan(c)))
                .collect(),
            span: p.span,
        },
        Process::Output {
            chan: chan(stop),
            items: vec![OutItem::Value(byte(0))],
            span: Span::default(),
        },
    ]);
    let guard = |c: VarId, body: Process| AltArm::Guard {
        pre: None,
        guard: Guard::Input(chan(c), vec![InItem::Value(v(ch, Type::Byte))]),
        body,
    };
    let mux = Process::Seq(vec![
        assign(v(running, Type::Bool), boolean(true)),
        Process::While(
            v(running, Type::Bool),
            Box::new(Process::Alt {
                arms: vec![
                    guard(scr, send(byte(1), v(ch, Type::Byte))),
                    guard(err, send(byte(2), v(ch, Type::Byte))),
                    guard(stop, assign(v(running, Type::Bool), boolean(false))),
                ],
                pri: true,
                span: Span::default(),
            }),
        ),
    ]);
    let decls = [
        kyb, scr, err, stop, link_in, link_out, kb, ch, frame, running,
    ]
    .iter()
    .map(|&x| Decl::Var(x))
    .collect();
    Process::Scope(
        decls,
        Box::new(Process::Seq(vec![
            Process::Par {
                branches: vec![keyboard, user, mux],
                pri: false,
            },
            send(byte(0), byte(0)),
        ])),
    )
}
