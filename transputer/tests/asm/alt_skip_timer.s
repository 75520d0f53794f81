; SKIP, channel and timer guards.
; 1. SKIP and a ready channel: SKIP is disabled first, so SKIP ('S') is selected.
; 2. Same guards, channel disabled first: the channel is selected (logs its byte 'x').
; 3. Timer ALT with a channel that never becomes ready: waits, the timer guard ('T').
; 4. Timer ALT whose time has already passed: no wait, the timer guard ('t').
        ajw 100
        mint
        stl 1              ; c1: an outputter waits on it
        mint
        stl 3              ; c3: nobody ever outputs
        ldc out - s1
        ldlp 40
        startp
s1:
        ldtimer
        adc 2
        tin                ; let the outputter arrive
; 1
        alt
        ldlp 1
        ldc 1
        enbc
        ldc 1
        enbs
        altwt
        ldc 1
        ldc bs1 - a1
        diss
        ldlp 1
        ldc 1
        ldc bc1 - a1
        disc
        altend
a1:
bc1:
        ldc 63             ; '?': must not happen
        call log
bs1:
        ldc 83             ; 'S'
        call log
; 2
        alt
        ldlp 1
        ldc 1
        enbc
        ldc 1
        enbs
        altwt
        ldlp 1
        ldc 1
        ldc bc2 - a2
        disc
        ldc 1
        ldc bs2 - a2
        diss
        altend
a2:
bs2:
        ldc 63             ; '?'
        call log
        j p3
bc2:
        ldlp 4
        ldlp 1
        ldc 1
        in
        ldl 4
        call log
; 3
p3:
        ldtimer
        adc 3
        stl 5
        talt
        ldlp 3
        ldc 1
        enbc
        ldl 5
        ldc 1
        enbt
        taltwt
        ldlp 3
        ldc 1
        ldc bc3 - a3
        disc
        ldl 5
        ldc 1
        ldc bt3 - a3
        dist
        altend
a3:
bc3:
        ldc 63             ; '?'
        call log
bt3:
        ldc 84             ; 'T'
        call log
; 4
        ldtimer
        adc -1
        stl 5
        talt
        ldlp 3
        ldc 1
        enbc
        ldl 5
        ldc 1
        enbt
        taltwt
        ldlp 3
        ldc 1
        ldc bc4 - a4
        disc
        ldl 5
        ldc 1
        ldc bt4 - a4
        dist
        altend
a4:
bc4:
        ldc 63             ; '?'
        call log
bt4:
        ldc 116            ; 't'
        call log
        stopp
out:
        ldc 120            ; 'x'
        ldlp -39
        outbyte
        stopp

; log(W[1] = byte): appends a byte to the log at #80000F04 (count at #80000F00).
log:
        ldl 1
        mint
        ldnlp 960
        ldnl 0
        mint
        ldnlp 961
        bsub
        sb
        mint
        ldnlp 960
        ldnl 0
        adc 1
        mint
        ldnlp 960
        stnl 0
        ret
