; Two low-priority busy loops sharing the processor. Each counts its iterations in
; its own word (#80000F40, #80000F44) and never ends; the test runs a fixed number of
; cycles and looks at the counters and the switch times.
        ajw 100
        ldc other - s1
        ldlp 40
        startp
s1:
l1:
        mint
        ldnlp 976
        ldnl 0
        adc 1
        mint
        ldnlp 976
        stnl 0
        j l1
other:
l2:
        mint
        ldnlp 977
        ldnl 0
        adc 1
        mint
        ldnlp 977
        stnl 0
        j l2
