import Testing
import OversubCore

@Suite struct FreeSpaceTests {
    @Test func belowTheFloorIsRefusedNamingTheFolderAndTheBytes() {
        #expect(FreeSpace.refusal(folder: "D", availableBytes: 0)
                == UsageError("--out folder 'D' has 0 bytes free; oversub needs at least 1 MiB there to write its results"))
        #expect(FreeSpace.refusal(folder: "D", availableBytes: FreeSpace.minimumBytes - 1)?.message.contains("1048575 bytes free") == true)
        #expect(FreeSpace.refusal(folder: "D", availableBytes: FreeSpace.minimumBytes) == nil)
        #expect(FreeSpace.refusal(folder: "D", availableBytes: .max) == nil)
        #expect(FreeSpace.refusal(folder: "D", availableBytes: 10, minimumBytes: 10) == nil)
    }

    @Test func theLiveFigureIsAnsweredForAFolderAndAbsentOtherwise() {
        #expect(FreeSpace.availableBytes(in: "/tmp") != nil)
        #expect(FreeSpace.availableBytes(in: "/nonexistent/oversub") == nil)
    }
}
