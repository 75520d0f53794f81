//! Linking behaviour: cross-unit calls, prefix sizing, workspace, errors, libraries.

mod common;

use common::{leaf, unit, unit_with, P};
use linker::{link, ErrorMode, Image, Library, LinkError, LinkOptions, ObjectBuilder, SymbolKind};
use t800_isa::asm::{Item, Operand};
use t800_isa::decode::decode;
use t800_isa::encode::encoded_len;
use t800_isa::{Func, Op};

fn opts() -> LinkOptions {
    LinkOptions {
        bare: true,
        ..LinkOptions::default()
    }
}

fn sym<'a>(img: &'a Image, name: &str) -> &'a linker::ImageSymbol {
    img.symbols
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no symbol {name}"))
}

/// Decodes the instruction at `addr`; returns (func, operand, length).
fn insn(img: &Image, addr: u32) -> (Func, i32, usize) {
    let d = decode(&img.code[(addr - img.origin) as usize..]).expect("decodes");
    (d.func, d.operand, d.len)
}

fn err(objs: &[linker::Object], o: &LinkOptions) -> String {
    link(objs, o).expect_err("link must fail").to_string()
}

#[test]
fn call_across_units_reaches_the_callee() {
    let a = unit(
        "a",
        &[P {
            name: "main",
            ws: 2,
            calls: &[("worker", 6)],
            pad: 0,
        }],
    );
    let b = unit("b", &[leaf("worker", 3)]);
    let img = link(&[a, b], &opts()).unwrap();
    let main = sym(&img, "main");
    let worker = sym(&img, "worker");
    let (f, operand, len) = insn(&img, main.start);
    assert_eq!(f, Func::Call);
    let next = main.start + len as u32;
    assert_eq!(next.wrapping_add(operand as u32), worker.start);
    assert_eq!(worker.unit, "b");
    // The stub's call reaches main too.
    let stub = sym(&img, "(boot stub)");
    let call_at = stub.end - 3; // call (1 byte) then stopp (2 bytes)
    let (f, operand, len) = insn(&img, call_at);
    assert_eq!(f, Func::Call);
    assert_eq!(
        (call_at + len as u32).wrapping_add(operand as u32),
        main.start
    );
}

#[test]
fn cross_unit_calls_get_the_shortest_prefix_chain() {
    for pad in [0usize, 12, 13, 14, 250, 251, 252, 4090, 4095, 5000] {
        let a = unit(
            "a",
            &[P {
                name: "main",
                ws: 0,
                calls: &[("far", 4)],
                pad,
            }],
        );
        let b = unit("b", &[leaf("far", 0)]);
        let img = link(&[a, b], &opts()).unwrap();
        let main = sym(&img, "main");
        let (f, operand, len) = insn(&img, main.start);
        assert_eq!(f, Func::Call);
        assert_eq!(len, encoded_len(operand), "pad {pad}");
        assert_eq!(
            (main.start + len as u32).wrapping_add(operand as u32),
            sym(&img, "far").start
        );
    }
}

#[test]
fn backward_call_across_units_uses_nfix() {
    let a = unit("a", &[leaf("helper", 0)]);
    let b = unit(
        "b",
        &[P {
            name: "main",
            ws: 0,
            calls: &[("helper", 4)],
            pad: 0,
        }],
    );
    let img = link(&[a, b], &opts()).unwrap();
    let main = sym(&img, "main");
    let (f, operand, len) = insn(&img, main.start);
    assert_eq!(f, Func::Call);
    assert!(operand < 0);
    assert_eq!(len, encoded_len(operand));
    assert_eq!(
        (main.start + len as u32).wrapping_add(operand as u32),
        sym(&img, "helper").start
    );
}

#[test]
fn workspace_is_computed_along_calls_across_units() {
    // main: own 10; calls a at 6 (a: 20 -> 26) and b at 12;
    // b (other unit): own 2, calls c at 5 (c: 30 -> 35) -> b total 35 -> 47.
    let u1 = unit(
        "u1",
        &[
            P {
                name: "main",
                ws: 10,
                calls: &[("a", 6), ("b", 12)],
                pad: 0,
            },
            leaf("a", 20),
        ],
    );
    let u2 = unit(
        "u2",
        &[
            P {
                name: "b",
                ws: 2,
                calls: &[("c", 5)],
                pad: 0,
            },
            leaf("c", 30),
        ],
    );
    let img = link(&[u1, u2], &opts()).unwrap();
    let totals: Vec<(&str, u32)> = img
        .symbols
        .iter()
        .map(|s| (s.name.as_str(), s.ws_total))
        .collect();
    assert_eq!(
        totals,
        [
            ("(boot stub)", 52),
            ("main", 47),
            ("a", 20),
            ("b", 35),
            ("c", 30)
        ]
    );
    assert_eq!(img.ws_bytes, 4 * (47 + 5));
    assert_eq!(img.ws_top, img.code_end() + img.ws_bytes - 4);
    assert_eq!(img.mem_bytes, img.code.len() as u32 + img.ws_bytes);
}

#[test]
fn unresolved_symbol_names_every_user() {
    let a = unit(
        "a",
        &[P {
            name: "main",
            ws: 0,
            calls: &[("missing", 4)],
            pad: 0,
        }],
    );
    let b = unit(
        "b",
        &[P {
            name: "other",
            ws: 0,
            calls: &[("missing", 4)],
            pad: 0,
        }],
    );
    assert_eq!(
        err(&[a, b], &opts()),
        "unresolved symbol `missing` (used by unit `a`, unit `b`)"
    );
}

#[test]
fn duplicate_definition_names_both_units() {
    let a = unit("a", &[leaf("main", 0), leaf("f", 0)]);
    let b = unit("b", &[leaf("f", 0)]);
    assert_eq!(
        err(&[a, b], &opts()),
        "duplicate definition of `f` in unit `a` and unit `b`"
    );
}

#[test]
fn recursion_across_units_is_rejected_with_the_cycle() {
    let a = unit(
        "a",
        &[
            P {
                name: "main",
                ws: 0,
                calls: &[("ping", 4)],
                pad: 0,
            },
            P {
                name: "ping",
                ws: 1,
                calls: &[("pong", 5)],
                pad: 0,
            },
        ],
    );
    let b = unit(
        "b",
        &[P {
            name: "pong",
            ws: 1,
            calls: &[("ping", 5)],
            pad: 0,
        }],
    );
    assert_eq!(
        err(&[a, b], &opts()),
        "recursion is not allowed: ping -> pong -> ping"
    );
    let s = unit(
        "s",
        &[P {
            name: "main",
            ws: 0,
            calls: &[("main", 4)],
            pad: 0,
        }],
    );
    assert_eq!(err(&[s], &opts()), "recursion is not allowed: main -> main");
}

#[test]
fn entry_point_must_be_a_defined_proc() {
    let a = unit("a", &[leaf("start", 0)]);
    assert_eq!(
        err(std::slice::from_ref(&a), &opts()),
        "entry point `main`: is not defined by any unit or library"
    );
    let o = LinkOptions {
        entry: "start".into(),
        ..opts()
    };
    assert!(link(&[a], &o).is_ok());

    let mut b = ObjectBuilder::new("d", ErrorMode::Halt);
    let l = b.new_label();
    b.place(l);
    b.push(Item::Word(Operand::Const(1)));
    b.define_symbol("main", l, SymbolKind::Data, true, Default::default());
    assert_eq!(
        err(&[b.finish().unwrap()], &opts()),
        "entry point `main`: is a data, not a PROC"
    );
}

#[test]
fn import_kind_must_match_the_definition() {
    let mut b = ObjectBuilder::new("user", ErrorMode::Halt);
    let main = b.new_label();
    let table = b.import("table", SymbolKind::Data);
    let f = b.import("f", SymbolKind::Function);
    b.place(main);
    b.push(Item::Direct(Func::Ldc, Operand::Abs(table, 0)));
    b.push(Item::Direct(Func::Call, Operand::Rel(f, 0)));
    b.push(Item::Op(Op::Ret));
    b.define_symbol("main", main, SymbolKind::Proc, true, Default::default());
    let user = b.finish().unwrap();
    let mut d = ObjectBuilder::new("defs", ErrorMode::Halt);
    let t = d.new_label();
    d.place(t);
    d.push(Item::Bytes(vec![1, 2, 3, 4]));
    d.define_symbol("table", t, SymbolKind::Data, true, Default::default());
    let defs_ok = {
        let mut d = d.clone();
        let fl = d.new_label();
        d.place(fl);
        d.push(Item::Op(Op::Ret));
        d.define_symbol("f", fl, SymbolKind::Function, true, Default::default());
        d.finish().unwrap()
    };
    let img = link(&[user.clone(), defs_ok], &opts()).unwrap();
    // `ldc @table` holds table's absolute address.
    let (f, operand, _) = insn(&img, sym(&img, "main").start);
    assert_eq!((f, operand as u32), (Func::Ldc, sym(&img, "table").start));

    let fl = d.new_label();
    d.place(fl);
    d.push(Item::Op(Op::Ret));
    d.define_symbol("f", fl, SymbolKind::Proc, true, Default::default());
    assert_eq!(
        err(&[user, d.finish().unwrap()], &opts()),
        "unit `user` uses `f` as a FUNCTION, but unit `defs` defines it as a PROC"
    );
}

#[test]
fn error_modes_must_agree_and_set_up_the_stub() {
    let main = [P {
        name: "main",
        ws: 0,
        calls: &[("lib_f", 4)],
        pad: 0,
    }];
    let stop = unit_with("prog", ErrorMode::Stop, &[], &main);
    let halt = unit_with("lib", ErrorMode::Halt, &[], &[leaf("lib_f", 0)]);
    let uni = unit_with("lib", ErrorMode::Universal, &[], &[leaf("lib_f", 0)]);
    assert_eq!(
        err(&[stop.clone(), halt], &opts()),
        "error modes differ: unit `prog` is compiled for STOP mode, unit `lib` for HALT mode"
    );
    let full = LinkOptions::default();
    let img = link(&[stop, uni.clone()], &full).unwrap();
    assert_eq!(img.error_mode, ErrorMode::Stop);
    let text = t800_isa::disasm::listing(&img.code, img.origin);
    assert!(text.contains("clrhalterr") && !text.contains("sethalterr"));
    let prog = unit_with("prog", ErrorMode::Universal, &[], &main);
    let img = link(&[prog, uni], &full).unwrap();
    assert_eq!(img.error_mode, ErrorMode::Halt);
}

#[test]
fn library_members_are_linked_only_when_needed() {
    let main = unit(
        "prog",
        &[P {
            name: "main",
            ws: 1,
            calls: &[("f", 4)],
            pad: 0,
        }],
    );
    let lib = Library {
        members: vec![
            unit("m_h", &[leaf("h", 0)]),
            unit(
                "m_f",
                &[P {
                    name: "f",
                    ws: 2,
                    calls: &[("g", 3)],
                    pad: 0,
                }],
            ),
            unit("m_g", &[leaf("g", 7)]),
        ],
    };
    let lib = Library::from_bytes(&lib.to_bytes(), "test.lib").unwrap();
    let o = LinkOptions {
        libraries: vec![("test".into(), lib)],
        ..opts()
    };
    let img = link(&[main], &o).unwrap();
    let units: Vec<(&str, &str)> = img
        .symbols
        .iter()
        .map(|s| (s.name.as_str(), s.unit.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("(boot stub)", "(tlink)"),
            ("main", "prog"),
            ("f", "m_f"),
            ("g", "m_g")
        ]
    );
    assert_eq!(sym(&img, "main").ws_total, 4 + 3 + 7);
}

#[test]
fn entry_can_come_from_a_library() {
    let lib = Library {
        members: vec![unit("m", &[leaf("main", 0)])],
    };
    let o = LinkOptions {
        libraries: vec![("l".into(), lib)],
        ..opts()
    };
    let img = link(&[], &o).unwrap();
    assert_eq!(sym(&img, "main").unit, "m");
}

#[test]
fn use_finds_libraries_on_the_search_path() {
    let dir = std::env::temp_dir().join(format!("tlink-use-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lib = Library {
        members: vec![unit("strings", &[leaf("write.string", 5)])],
    };
    std::fs::write(dir.join("course.lib"), lib.to_bytes()).unwrap();
    std::fs::write(
        dir.join("extra.tco"),
        unit("extra", &[leaf("extra.proc", 1)]).to_bytes(),
    )
    .unwrap();
    let calls = [("write.string", 4), ("extra.proc", 4)];
    let prog = unit_with(
        "prog",
        ErrorMode::Halt,
        &["course", "extra"],
        &[P {
            name: "main",
            ws: 0,
            calls: &calls,
            pad: 0,
        }],
    );
    let o = LinkOptions {
        lib_dirs: vec![dir.clone()],
        ..opts()
    };
    let img = link(std::slice::from_ref(&prog), &o).unwrap();
    assert_eq!(sym(&img, "write.string").unit, "strings");
    assert_eq!(sym(&img, "extra.proc").unit, "extra");

    let missing = unit_with("prog", ErrorMode::Halt, &["nowhere"], &[leaf("main", 0)]);
    let e = link(&[missing], &o).unwrap_err().to_string();
    let d = dir.display();
    assert_eq!(
        e,
        format!(
            "library \"nowhere\" (#USE in unit `prog`) not found; tried {d}/nowhere.lib, {d}/nowhere.tco, {d}/nowhere"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `#USE "x.tco"` names the unit `x`: an object given for linking, or a member of a
/// library already loaded, satisfies it without a search.
#[test]
fn uses_are_satisfied_by_given_objects_and_loaded_members() {
    let dir = std::env::temp_dir().join(format!("tlink-uses-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mid = unit_with(
        "mid",
        ErrorMode::Halt,
        &["base.tco"],
        &[P {
            name: "q",
            ws: 1,
            calls: &[("t", 2)],
            pad: 0,
        }],
    );
    let base = unit("base", &[leaf("t", 3)]);
    let prog = unit_with(
        "prog",
        ErrorMode::Halt,
        &["mid.tco"],
        &[P {
            name: "main",
            ws: 0,
            calls: &[("q", 4)],
            pad: 0,
        }],
    );
    // tlink prog.tco mid.tco base.tco: no search path at all.
    let objects = [prog.clone(), mid.clone(), base.clone()];
    let img = link(&objects, &opts()).unwrap();
    assert_eq!(sym(&img, "t").unit, "base");
    // tlink prog.tco -L dir, with dir/mid.lib = mid + base (mid #USEs base).
    let lib = Library {
        members: vec![mid, base],
    };
    std::fs::write(dir.join("mid.lib"), lib.to_bytes()).unwrap();
    let o = LinkOptions {
        lib_dirs: vec![dir.clone()],
        ..opts()
    };
    let img = link(&[prog], &o).unwrap();
    assert_eq!(sym(&img, "q").ws_total, 2 + 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn corrupt_library_member_is_reported() {
    let lib = Library {
        members: vec![unit("m", &[leaf("main", 0)])],
    };
    let mut bytes = lib.to_bytes();
    let n = bytes.len();
    bytes.truncate(n - 3);
    let e = Library::from_bytes(&bytes, "bad.lib").unwrap_err();
    assert!(matches!(e, LinkError::Corrupt { .. }));
    assert!(
        e.to_string()
            .starts_with("bad.lib: corrupt input: truncated library member"),
        "{e}"
    );
}

#[test]
fn line_table_maps_addresses_across_units() {
    let a = unit(
        "a",
        &[P {
            name: "main",
            ws: 0,
            calls: &[("w", 4), ("w", 4)],
            pad: 0,
        }],
    );
    let b = unit("b", &[leaf("w", 0)]);
    let img = link(&[a, b], &opts()).unwrap();
    let main = sym(&img, "main").start;
    assert_eq!(img.line_at(main), Some(("a.occ", 10)));
    assert_eq!(img.line_at(main + 1), Some(("a.occ", 11)));
    // Unit b has no line rows: its code is not attributed to unit a's lines.
    assert_eq!(img.line_at(sym(&img, "w").start), None);
}

#[test]
fn vector_space_is_summed_along_calls_and_placed_above_workspace() {
    let mut b = ObjectBuilder::new("vs", ErrorMode::Halt);
    let main = b.new_label();
    let sub = b.new_label();
    b.place(main);
    b.push(Item::Direct(Func::Call, Operand::Rel(sub, 0)));
    b.push(Item::Op(Op::Ret));
    b.place(sub);
    b.push(Item::Op(Op::Ret));
    let call = linker::Call {
        callee: sub,
        ws_offset: 4,
        vs_offset: 40,
    };
    let frame = linker::Frame {
        ws_own: 1,
        vs_own: 100,
        calls: vec![call],
    };
    b.define_symbol("main", main, SymbolKind::Proc, true, frame);
    let sub_frame = linker::Frame {
        ws_own: 2,
        vs_own: 61,
        calls: vec![],
    };
    b.define_symbol("sub", sub, SymbolKind::Proc, false, sub_frame);
    let img = link(&[b.finish().unwrap()], &opts()).unwrap();
    assert_eq!(sym(&img, "main").vs_total, 101);
    assert_eq!(sym(&img, "main").ws_total, 6);
    assert!(!sym(&img, "sub").exported);
    // Rounded to words, right after the workspace area.
    assert_eq!(img.vs_bytes, 104);
    assert_eq!(img.vs_base, img.ws_top + 4);
    assert_eq!(img.mem_bytes, img.code.len() as u32 + 4 * 11 + 104);
}

#[test]
fn shared_callees_count_once_and_long_chains_do_not_overflow_the_stack() {
    // A diamond: main -> a, b; a -> c; b -> c.
    let u = unit(
        "d",
        &[
            P {
                name: "main",
                ws: 1,
                calls: &[("a", 4), ("b", 9)],
                pad: 0,
            },
            P {
                name: "a",
                ws: 1,
                calls: &[("c", 4)],
                pad: 0,
            },
            P {
                name: "b",
                ws: 1,
                calls: &[("c", 4)],
                pad: 0,
            },
            leaf("c", 10),
        ],
    );
    let img = link(&[u], &opts()).unwrap();
    assert_eq!(sym(&img, "main").ws_total, 9 + 4 + 10);

    // A chain p0 -> p1 -> ... -> p19999, each call 4 words down.
    let n = 20_000;
    let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let calls: Vec<[(&str, u32); 1]> = (0..n)
        .map(|i| [(names.get(i + 1).map_or("", String::as_str), 4)])
        .collect();
    let mut procs: Vec<P> = (0..n)
        .map(|i| P {
            name: &names[i],
            ws: 0,
            calls: if i + 1 < n { &calls[i] } else { &[] },
            pad: 0,
        })
        .collect();
    procs[n - 1].calls = &[];
    procs.push(P {
        name: "main",
        ws: 0,
        calls: &[("p0", 4)],
        pad: 0,
    });
    let img = link(&[unit("chain", &procs)], &opts()).unwrap();
    assert_eq!(sym(&img, "main").ws_total, 4 * (n as u32 + 1) - 4);
}
